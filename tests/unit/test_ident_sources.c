/* test_ident_sources.c — the credential sources besides STS: External's argv split (the aliyun
 * CLI's cases) and a real tiny command run by the process runner (output cap, time-out, exit
 * status, no shell); the External output, credentials URI and ECS metadata answers; the refresh
 * rule. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "oss/account.h"
#include "ident/answers.h"
#include "ident/cmdline.h"
#include "ident/process.h"
#include "ident/refresh.h"

#define SECRET "ExtS3cret-DoNotLeak"

static void
split_ok(const char *cmd, const char *const *want, size_t n)
{
    char **argv;
    size_t argc;
    struct sse_error err = {0};
    CHECK_INT(ident_cmdline_split(cmd, &argv, &argc, &err), SSE_OK);
    CHECK_INT(argc, n);
    for (size_t i = 0; i < argc && i < n; i++)
        CHECK_STR(argv[i], want[i]);
    if (argc == n)
        CHECK(argv[n] == NULL);
    ident_argv_free(argv, argc);
}

static void
split_bad(const char *cmd, const char *msg)
{
    char **argv;
    size_t argc;
    struct sse_error err = {0};
    CHECK_INT(ident_cmdline_split(cmd, &argv, &argc, &err), SSE_ERR_INVALID);
    CHECK_STR(err.message, msg);
    CHECK(argv == NULL);
}

static void
test_split(void)
{
    /* aliyun-cli config/command_split_test.go, the Unix cases. */
    split_ok("cmd arg1 arg2", (const char *[]){"cmd", "arg1", "arg2"}, 3);
    split_ok("  cmd   arg1\targ2  ", (const char *[]){"cmd", "arg1", "arg2"}, 3);
    split_ok("'/usr/local/my tools/cred' arg", (const char *[]){"/usr/local/my tools/cred", "arg"}, 2);
    split_ok("tool --name \"First Last\"", (const char *[]){"tool", "--name", "First Last"}, 3);
    split_ok("tool arg\\ with\\ space", (const char *[]){"tool", "arg with space"}, 2);
    split_ok("tool \"say \\\"hi\\\"\"", (const char *[]){"tool", "say \"hi\""}, 2);
    split_ok("tool \"\" arg", (const char *[]){"tool", "", "arg"}, 3);
    split_ok("tool '' arg", (const char *[]){"tool", "", "arg"}, 3);
    split_ok("tool \"a b\"'c d'", (const char *[]){"tool", "a bc d"}, 2);
    split_ok("tool arg1 \\\n arg2", (const char *[]){"tool", "arg1", "arg2"}, 3);
    split_ok("tool \"a\\\nb\"", (const char *[]){"tool", "ab"}, 2);
    /* No shell: what a shell would expand stays literal. */
    split_ok("cred $HOME *.json >out; rm -rf x", (const char *[]){"cred", "$HOME", "*.json",
                                                                 ">out;", "rm", "-rf", "x"}, 7);
    split_ok("'it''s' \"\\$x \\a\"", (const char *[]){"its", "$x \\a"}, 2);
    split_bad("   ", "process_command is empty");
    split_bad("\"\"", "process_command is empty");
    split_bad("\"C:\\Program Files\\tool.exe", "process_command has an unclosed quote");
    split_bad("'/usr/bin/tool", "process_command has an unclosed quote");
    split_bad("tool\\", "process_command ends in a backslash");
    char many[2048] = "x";
    for (int i = 0; i < 300; i++)
        strcat(many, " a");
    split_bad(many, "process_command has more than 256 arguments");
}

static void
test_process(void)
{
    struct ident_process_result out;
    struct sse_error err = {0};
    /* A real command, looked up in PATH, its output captured. */
    char *echo[] = {"printf", "{\"mode\":\"AK\",\"access_key_id\":\"AK1\"}", NULL};
    CHECK_INT(ident_process_run(echo, 1024, 10000, &out, &err), SSE_OK);
    CHECK_STR(out.out, "{\"mode\":\"AK\",\"access_key_id\":\"AK1\"}");
    CHECK_INT(out.exit_status, 0);
    ident_process_result_cleanup(&out);

    /* No shell runs it: the argument reaches the command as written. */
    char *literal[] = {"printf", "%s", "$HOME;`id`", NULL};
    CHECK_INT(ident_process_run(literal, 1024, 10000, &out, &err), SSE_OK);
    CHECK_STR(out.out, "$HOME;`id`");
    ident_process_result_cleanup(&out);

    /* A failing command: its status and its last stderr line. */
    char *fail[] = {"sh", "-c", "echo first >&2; echo 'token expired' >&2; exit 3", NULL};
    CHECK_INT(ident_process_run(fail, 1024, 10000, &out, &err), SSE_ERR_IO);
    CHECK_INT(out.exit_status, 3);
    CHECK_STR(err.message, "sh exited with status 3: token expired");
    ident_process_result_cleanup(&out);

    /* Output past the cap stops it. */
    char *flood[] = {"yes", NULL};
    CHECK_INT(ident_process_run(flood, 4096, 10000, &out, &err), SSE_ERR_TOOBIG);
    CHECK_STR(err.message, "yes wrote more than 4096 bytes to its output; it was stopped");
    CHECK_INT(out.out_len, 4096);
    ident_process_result_cleanup(&out);
    /* Exactly at the cap is fine. */
    char *exact[] = {"head", "-c", "4096", "/dev/zero", NULL};
    CHECK_INT(ident_process_run(exact, 4096, 10000, &out, &err), SSE_OK);
    CHECK_INT(out.out_len, 4096);
    ident_process_result_cleanup(&out);

    /* A command that never finishes is stopped at the time-out, with what it started. */
    char *hang[] = {"sh", "-c", "sleep 30 & sleep 30", NULL};
    CHECK_INT(ident_process_run(hang, 1024, 300, &out, &err), SSE_ERR_TIMEOUT);
    CHECK_STR(err.message, "sh did not finish within 300 ms and was stopped");
    ident_process_result_cleanup(&out);

    /* Stdin is /dev/null: a command waiting for input ends at once. */
    char *cat[] = {"cat", NULL};
    CHECK_INT(ident_process_run(cat, 1024, 10000, &out, &err), SSE_OK);
    CHECK_INT(out.out_len, 0);
    ident_process_result_cleanup(&out);

    char *missing[] = {"/nonexistent/sseadm-cred-helper", NULL};
    CHECK_INT(ident_process_run(missing, 1024, 1000, &out, &err), SSE_ERR_IO);
    /* posix_spawn reports the failed exec, or (through fork, as under valgrind) the child does. */
    CHECK(strcmp(err.message, "cannot run /nonexistent/sseadm-cred-helper: No such file or "
                              "directory") == 0 ||
          strcmp(err.message, "cannot run /nonexistent/sseadm-cred-helper: it exited with status "
                              "127 (no such command?)") == 0);
    ident_process_result_cleanup(&out);

    char *killed[] = {"sh", "-c", "kill -TERM $$", NULL};
    CHECK_INT(ident_process_run(killed, 1024, 10000, &out, &err), SSE_ERR_IO);
    CHECK_STR(err.message, "sh was killed by signal 15");
    ident_process_result_cleanup(&out);
}

static bool
clean(const struct sse_error *err)
{
    return !strstr(err->message, "DoNotLeak");
}

static void
test_external(void)
{
    struct ident_credentials c = {0};
    struct sse_error err = {0};
    const char *sts = "{\"mode\":\"StsToken\",\"access_key_id\":\"STS.k\",\"access_key_secret\":\""
                      SECRET "\",\"sts_token\":\"tok\",\"expiration\":\"2026-01-02T03:04:05Z\"}";
    CHECK_INT(ident_external_output(sts, strlen(sts), &c, &err), SSE_OK);
    CHECK_STR(c.keys.access_key_id, "STS.k");
    CHECK_STR(c.keys.access_key_secret, SECRET);
    CHECK_STR(c.keys.security_token, "tok");
    CHECK_INT(c.expiration, 1767323045);
    const char *ak = "{\"mode\":\"ak\",\"access_key_id\":\"LTAI\",\"access_key_secret\":\"" SECRET
                     "\",\"sts_token\":\"ignored\"}";
    CHECK_INT(ident_external_output(ak, strlen(ak), &c, &err), SSE_OK);
    CHECK(c.keys.security_token == NULL);
    CHECK_INT(c.expiration, 0);
    static const struct {
        const char *text, *msg;
    } bad[] = {
        {"{\"mode\":\"StsToken\",\"access_key_id\":\"a\",\"access_key_secret\":\"" SECRET "\"}",
         "the External command's output has no sts_token"},
        {"{\"mode\":\"External\",\"access_key_id\":\"a\",\"access_key_secret\":\"b\"}",
         "the External command's output has mode \"External\"; it must be AK or StsToken"},
        {"{\"access_key_secret\":\"" SECRET "\"}", "the External command's output has no "
                                                   "access_key_id"},
        {"{\"access_key_id\":\"a\",\"access_key_secret\":\"\"}",
         "the External command's output has an empty access_key_id or access_key_secret"},
        {"{\"access_key_id\":\"a\",\"access_key_secret\":\"b\",\"expiration\":\"later\"}",
         "the External command's output: expiration is not a time like \"2006-01-02T15:04:05Z\""},
        /* jansson would quote the word it stopped at; what a command prints may be secret. */
        {SECRET " is your key", "the External command's output is not valid JSON: line 1, "
                                "column 4: '[' or '{' expected"},
        {"", "the External command's output is not valid JSON: line 1, column 0: '[' or '{' "
             "expected near end of file"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_INT(ident_external_output(bad[i].text, strlen(bad[i].text), &c, &err),
                  SSE_ERR_PROTOCOL);
        CHECK_STR(err.message, bad[i].msg);
        CHECK(clean(&err));
        CHECK(c.keys.access_key_id == NULL);
    }
    ident_credentials_cleanup(&c);
}

static void
test_uri(void)
{
    struct ident_http_request req;
    struct sse_error err = {0};
    CHECK_INT(ident_uri_request("http://127.0.0.1:9000/creds?token=abc", &req, &err), SSE_OK);
    CHECK_STR(req.method, "GET");
    CHECK_STR(req.url, "http://127.0.0.1:9000/creds?token=abc");
    ident_http_request_cleanup(&req);
    CHECK_INT(ident_uri_request("https://creds.example.com/v1", &req, &err), SSE_OK);
    CHECK_INT(ident_uri_request("http://creds.example.com/v1?token=" SECRET, &req, &err),
              SSE_ERR_INVALID);
    CHECK_STR(err.message, "the credentials URI http://creds.example.com... uses http://, which is "
                           "only for a local address (its answer is secret keys); use https://");
    CHECK_INT(ident_uri_request("https://u:" SECRET "@h/x", &req, &err), SSE_ERR_INVALID);
    CHECK(clean(&err));
    CHECK_INT(ident_uri_request("file:///etc/passwd", &req, &err), SSE_ERR_INVALID);
    CHECK_INT(ident_uri_request("https://h/a b", &req, &err), SSE_ERR_INVALID);

    struct ident_credentials c = {0};
    const char *good = "{\"Code\":\"Success\",\"AccessKeyId\":\"STS.u\",\"AccessKeySecret\":\""
                       SECRET "\",\"SecurityToken\":\"t\",\"Expiration\":\"2006-01-02T15:04:05Z\"}";
    CHECK_INT(ident_uri_answer(200, good, strlen(good), &c, &err), SSE_OK);
    CHECK_STR(c.keys.access_key_id, "STS.u");
    CHECK_INT(c.expiration, 1136214245);
    /* credentials-go accepts an answer without Code. */
    const char *nocode = "{\"AccessKeyId\":\"STS.u\",\"AccessKeySecret\":\"s\",\"SecurityToken\":"
                         "\"t\",\"Expiration\":\"2006-01-02T15:04:05Z\"}";
    CHECK_INT(ident_uri_answer(200, nocode, strlen(nocode), &c, &err), SSE_OK);
    const char *fail = "{\"Code\":\"Failed\",\"AccessKeyId\":\"x\"}";
    CHECK_INT(ident_uri_answer(200, fail, strlen(fail), &c, &err), SSE_ERR_CREDENTIALS);
    CHECK_STR(err.message, "the credentials URI answer has Code \"Failed\", not \"Success\"");
    const char *noexp = "{\"AccessKeyId\":\"STS.u\",\"AccessKeySecret\":\"" SECRET "\","
                        "\"SecurityToken\":\"t\"}";
    CHECK_INT(ident_uri_answer(200, noexp, strlen(noexp), &c, &err), SSE_ERR_PROTOCOL);
    CHECK_STR(err.message, "the credentials URI answer has no Expiration");
    CHECK_INT(ident_uri_answer(500, "oops", 4, &c, &err), SSE_ERR_PROTOCOL);
    CHECK_STR(err.message, "the credentials URI answered HTTP 500, not 200");
    CHECK_INT(ident_uri_answer(0, NULL, 0, &c, &err), SSE_ERR_NETWORK);
    CHECK(c.keys.access_key_id == NULL);
}

static void
test_ecs(void)
{
    struct ident_http_request req;
    struct sse_error err = {0};
    CHECK_INT(ident_ecs_request(IDENT_ECS_TOKEN, NULL, NULL, &req, &err), SSE_OK);
    CHECK_STR(req.method, "PUT");
    CHECK_STR(req.url, "http://100.100.100.200/latest/api/token");
    CHECK_STR(req.header_name, "X-aliyun-ecs-metadata-token-ttl-seconds");
    CHECK_STR(req.header_value, "21600");
    CHECK_INT(req.timeout_ms, 1000);
    CHECK_INT(req.connect_timeout_ms, 1000);
    CHECK_INT(ident_ecs_request(IDENT_ECS_ROLE_NAME, NULL, "tok-1", &req, &err), SSE_OK);
    CHECK_STR(req.method, "GET");
    CHECK_STR(req.url, "http://100.100.100.200/latest/meta-data/ram/security-credentials/");
    CHECK_STR(req.header_name, "X-aliyun-ecs-metadata-token");
    CHECK_STR(req.header_value, "tok-1");
    CHECK_INT(ident_ecs_request(IDENT_ECS_CREDENTIALS, "ops", "", &req, &err), SSE_OK);
    CHECK_STR(req.url, "http://100.100.100.200/latest/meta-data/ram/security-credentials/ops");
    CHECK_STR(req.header_name, "");
    CHECK_INT(ident_ecs_request(IDENT_ECS_CREDENTIALS, "../../etc", "", &req, &err),
              SSE_ERR_INVALID);
    CHECK_INT(ident_ecs_request(IDENT_ECS_ROLE_NAME, NULL, "bad\r\nX: y", &req, &err),
              SSE_ERR_INVALID);
    ident_http_request_cleanup(&req);

    char token[IDENT_ECS_TOKEN_MAX];
    CHECK_INT(ident_ecs_token_answer(200, "AQAEA-tok", 9, false, token, &err), SSE_OK);
    CHECK_STR(token, "AQAEA-tok");
    /* No token: read without one, unless that is forbidden. */
    CHECK_INT(ident_ecs_token_answer(403, "", 0, false, token, &err), SSE_OK);
    CHECK_STR(token, "");
    CHECK_INT(ident_ecs_token_answer(0, NULL, 0, false, token, &err), SSE_OK);
    CHECK_INT(ident_ecs_token_answer(0, NULL, 0, true, token, &err), SSE_ERR_NETWORK);
    CHECK(strstr(err.message, "ALIBABA_CLOUD_IMDSV1_DISABLED") != NULL);
    CHECK_INT(ident_ecs_token_answer(404, "", 0, true, token, &err), SSE_ERR_PROTOCOL);

    char role[IDENT_ROLE_NAME_MAX];
    CHECK_INT(ident_ecs_role_name_answer(200, "  ops-role\n", 11, role, &err), SSE_OK);
    CHECK_STR(role, "ops-role");
    CHECK_INT(ident_ecs_role_name_answer(404, "", 0, role, &err), SSE_ERR_CREDENTIALS);
    CHECK_STR(err.message, "the ECS metadata service has no RAM role name: is a RAM role "
                           "attached to this instance?");
    CHECK_INT(ident_ecs_role_name_answer(0, NULL, 0, role, &err), SSE_ERR_NETWORK);
    CHECK_STR(err.message, "no answer from the ECS metadata service (http://100.100.100.200): "
                           "sseadm is not on an ECS instance, or the service is not reachable");
    CHECK_INT(ident_ecs_role_name_answer(200, "\n", 1, role, &err), SSE_ERR_CREDENTIALS);
    CHECK_INT(ident_ecs_role_name_answer(200, "<html>", 6, role, &err), SSE_ERR_PROTOCOL);
    CHECK(strstr(err.message, "may only have letters") != NULL);

    struct ident_credentials c = {0};
    const char *good = "{\"AccessKeyId\":\"STS.e\",\"AccessKeySecret\":\"" SECRET "\","
                       "\"Expiration\":\"2017-11-01T05:20:01Z\",\"SecurityToken\":\"tk\","
                       "\"LastUpdated\":\"2017-10-31T23:20:01Z\",\"Code\":\"Success\"}";
    CHECK_INT(ident_ecs_credentials_answer(200, good, strlen(good), &c, &err), SSE_OK);
    CHECK_STR(c.keys.access_key_id, "STS.e");
    CHECK_STR(c.keys.security_token, "tk");
    CHECK_INT(c.expiration, 1509513601);
    const char *nocode = "{\"AccessKeyId\":\"STS.e\",\"AccessKeySecret\":\"s\",\"Expiration\":"
                         "\"2017-11-01T05:20:01Z\",\"SecurityToken\":\"tk\"}";
    CHECK_INT(ident_ecs_credentials_answer(200, nocode, strlen(nocode), &c, &err),
              SSE_ERR_PROTOCOL);
    CHECK_STR(err.message, "the ECS metadata answer has no Code");
    const char *failed = "{\"Code\":\"Failed\"}";
    CHECK_INT(ident_ecs_credentials_answer(200, failed, strlen(failed), &c, &err),
              SSE_ERR_CREDENTIALS);
    CHECK_INT(ident_ecs_credentials_answer(404, "", 0, &c, &err), SSE_ERR_CREDENTIALS);
    CHECK(c.keys.access_key_id == NULL);
}

static void
test_refresh(void)
{
    time_t exp = 1000000;
    CHECK(!ident_refresh_due(exp, exp - 181));
    CHECK(ident_refresh_due(exp, exp - 180));
    CHECK(ident_refresh_due(exp, exp + 5));
    CHECK(!ident_refresh_due(0, exp));        /* long-lived keys */
    CHECK(ident_usable(exp, exp - 1));
    CHECK(!ident_usable(exp, exp));           /* never once expired */
    CHECK(!ident_usable(exp, exp + 1));
    CHECK(ident_usable(0, exp));
    CHECK_INT(ident_refresh_at(exp), exp - 180);
    CHECK_INT(ident_refresh_at(0), 0);
}

int
main(void)
{
    test_split();
    test_process();
    test_external();
    test_uri();
    test_ecs();
    test_refresh();
    /* Every secret parsed was wiped and released. */
    CHECK_INT(oss_secret_live(), 0);
    return check_done("ident_sources");
}
