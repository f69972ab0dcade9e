/* fuzz_ident.c — libFuzzer target: the aliyun CLI configuration, the credentials file and the
 * External, URI and metadata answers on arbitrary bytes, then a plan from what parsed, must
 * return cleanly and leave no secret allocated. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ident/answers.h"
#include "ident/cmdline.h"
#include "ident/resolve.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    /* Both files get the bytes as they are, NUL bytes included. */
    struct ident_file cli = {.state = IDENT_FILE_TEXT, .path = "/fuzz/config.json", .mode = 0600};
    struct ident_file ini = {.state = IDENT_FILE_TEXT, .path = "/fuzz/credentials", .mode = 0644};
    cli.text = oss_secret_dupn(text, size);
    ini.text = oss_secret_dupn(text, size);
    cli.len = ini.len = size;
    if (!cli.text)
        cli.state = IDENT_FILE_ABSENT;
    if (!ini.text)
        ini.state = IDENT_FILE_ABSENT;
    struct ident_env env = {.home = "/fuzz", .user = "fuzz", .profile = "default"};
    struct ident_context ctx;
    struct sse_diag warnings = {0};
    ident_context_init(&ctx, NULL, &env, &cli, &ini, &warnings);
    struct ident_plan plan;
    ident_plan_init(&plan);
    struct sse_error err = {0};
    ident_plan_default(&ctx, &plan, &err);
    for (size_t i = 0; i < ctx.cli.nprofiles && i < 8; i++)
        ident_plan_aliyun(&ctx, ctx.cli.profiles[i].name, &plan, &err);
    ident_plan_cleanup(&plan);
    ident_context_cleanup(&ctx);
    sse_diag_cleanup(&warnings);
    ident_file_cleanup(&cli);
    ident_file_cleanup(&ini);

    struct ident_credentials c = {0};
    ident_external_output(text, size, &c, &err);
    ident_uri_answer(200, text, size, &c, &err);
    ident_ecs_credentials_answer(200, text, size, &c, &err);
    ident_credentials_cleanup(&c);
    char role[IDENT_ROLE_NAME_MAX], token[IDENT_ECS_TOKEN_MAX];
    ident_ecs_role_name_answer(200, text, size, role, &err);
    ident_ecs_token_answer(200, text, size, true, token, &err);
    char **argv;
    size_t argc;
    if (ident_cmdline_split(text, &argv, &argc, &err) == SSE_OK)
        ident_argv_free(argv, argc);
    free(text);
    if (oss_secret_live() != 0)
        abort();
    return 0;
}
