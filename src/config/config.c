/* config.c — libconfig file → struct sse_config, with every problem reported as FILE:LINE. */
#include "config/config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/cfgfile.h"
#include "core/ascii.h"
#include "core/sanitize.h"
#include "core/validate.h"
#include "oss/endpoint.h"
#include "rpc/endpoint.h"

/* ---- the loader --------------------------------------------------------------------------- */

bool
config_name_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_' || c == '.';
}

/* Profile and theme names end up on command lines and in file names: keep them plain. */
static bool
plain_name(const char *s)
{
    if (!*s || *s == '.')
        return false;
    for (; *s; s++)
        if (!config_name_char((unsigned char)*s))
            return false;
    return true;
}

/* Whether "https://" + ep would be a good endpoint: worth suggesting. */
static bool
with_scheme_ok(const char *ep)
{
    char buf[OSS_ENDPOINT_MAX + 8];
    if (strstr(ep, "://") || strlen(ep) >= OSS_ENDPOINT_MAX)
        return false;
    snprintf(buf, sizeof buf, "https://%s", ep);
    return validate_endpoint_problem(buf) == NULL;
}

static const char *const top_keys[] = {"version", "default_profile", "profiles", "network", "ui"};
static const char *const profile_keys[] = {
    "name", "endpoint", "region", "signature_version", "addressing", "access_key_id",
    "access_key_secret", "security_token", "buckets", "discover", "internal", "readonly",
    "insecure_tls", "aliyun_profile", "role_arn", "role_session_name", "external_id",
    "role_duration_s", "source_profile", "ecs_ram_role", "sts_endpoint", "sts_region",
    "kms_endpoint", "endpoints_allowed"};
static const char *const network_keys[] = {"timeout_s", "connect_timeout_s", "retries",
                                           "concurrency", "ca_file", "proxy"};
static const char *const ui_keys[] = {"theme", "confirm", "columns", "clipboard"};

/* Whether s is a host name with an optional port, as endpoints_allowed takes it. */
static bool
plain_host(const char *s)
{
    size_t n = strcspn(s, ":");
    if (n == 0 || n > 253)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '.'))
            return false;
    }
    if (!s[n])
        return true;
    const char *port = s + n + 1;
    size_t digits = strspn(port, "0123456789");
    return digits > 0 && digits <= 5 && !port[digits] && atoi(port) > 0 && atoi(port) < 65536;
}

#define ENDPOINTS_ALLOWED_MAX 64

static void
load_endpoints_allowed(struct cfgfile *cf, const config_setting_t *list, const char *pfx,
                       struct sse_profile *p)
{
    int t = config_setting_type(list);
    int n = t == CONFIG_TYPE_LIST || t == CONFIG_TYPE_ARRAY ? config_setting_length(list) : -1;
    if (n < 0 || n > ENDPOINTS_ALLOWED_MAX) {
        cfgfile_error(cf, list, "%s.endpoints_allowed must be a list of at most %d host names, "
                      "like [ \"oss.example.com\", \"10.0.0.5:9000\" ]", pfx,
                      ENDPOINTS_ALLOWED_MAX);
        return;
    }
    if (n == 0)
        return;
    if (!(p->endpoints_allowed = calloc((size_t)n, sizeof *p->endpoints_allowed))) {
        cf->nomem = true;
        return;
    }
    for (int i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(list, (unsigned)i);
        const char *h = config_setting_type(e) == CONFIG_TYPE_STRING ? config_setting_get_string(e)
                                                                     : NULL;
        char sh[96];
        if (!h) {
            cfgfile_error(cf, e, "%s.endpoints_allowed[%d] must be a host name in double quotes, "
                          "not %s", pfx, i, cfgfile_type_name(e));
            continue;
        }
        if (!plain_host(h)) {
            cfgfile_error(cf, e, "%s.endpoints_allowed[%d] \"%s\" is not a host name with an "
                          "optional port (\"oss.example.com\", \"10.0.0.5:9000\"; no scheme or "
                          "path)", pfx, i, SHOWN(sh, h));
            continue;
        }
        char *copy = strdup(h);
        if (!copy) {
            cf->nomem = true;
            return;
        }
        for (char *c = copy; *c; c++)
            *c = (char)ascii_lower((unsigned char)*c);
        p->endpoints_allowed[p->nendpoints_allowed++] = copy;
    }
}

static void
load_buckets(struct cfgfile *cf, const config_setting_t *list, const char *pfx,
             struct sse_profile *p)
{
    int t = config_setting_type(list);
    if (t != CONFIG_TYPE_LIST && t != CONFIG_TYPE_ARRAY) {
        cfgfile_error(cf, list, "%s.buckets must be a list of bucket names, like ( \"bucket-a\", "
                                "\"bucket-b\" ), not %s", pfx, cfgfile_type_name(list));
        return;
    }
    int n = config_setting_length(list);
    if (n <= 0)
        return;
    p->buckets = calloc((size_t)n, sizeof *p->buckets);
    if (!p->buckets) {
        cf->nomem = true;
        return;
    }
    /* Duplicates are found through a hash set of indices into p->buckets (open addressing, at
     * most half full): a fleet of tens of thousands of names loads in linear time. */
    size_t slots = 16;
    while (slots < (size_t)n * 2)
        slots *= 2;
    size_t *seen = malloc(slots * sizeof *seen);
    if (!seen) {
        cf->nomem = true;
        return;
    }
    for (size_t k = 0; k < slots; k++)
        seen[k] = SIZE_MAX;
    for (int i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(list, (unsigned)i);
        if (config_setting_type(e) != CONFIG_TYPE_STRING) {
            cfgfile_error(cf, e,
                          "%s.buckets[%d] must be a bucket name in double quotes, not %s", pfx,
                          i, cfgfile_type_name(e));
            continue;
        }
        const char *b = config_setting_get_string(e) ? config_setting_get_string(e) : "";
        struct sse_error verr;
        sse_error_clear(&verr);
        if (validate_bucket_name(b, &verr) != SSE_OK) {
            cfgfile_error(cf, e, "%s.buckets[%d]: %s", pfx, i, verr.message);
            continue;
        }
        size_t h = 14695981039346656037u; /* FNV-1a */
        for (const char *c = b; *c; c++)
            h = (h ^ (unsigned char)*c) * 1099511628211u;
        size_t slot = h & (slots - 1);
        bool dup = false;
        while (seen[slot] != SIZE_MAX && !dup) {
            if (strcmp(p->buckets[seen[slot]], b) == 0) {
                cfgfile_error(cf, e,
                              "%s.buckets[%d]: bucket \"%s\" is listed twice in profile \"%s\"",
                              pfx, i, b, p->account.profile);
                dup = true;
            }
            slot = (slot + 1) & (slots - 1);
        }
        if (dup)
            continue;
        if (!(p->buckets[p->nbuckets] = strdup(b))) {
            cf->nomem = true;
            break;
        }
        seen[slot] = p->nbuckets++;
    }
    free(seen);
}

static void
load_credentials(struct cfgfile *cf, const config_setting_t *g, const char *pfx,
                 struct sse_profile *p)
{
    static const char *const names[3] = {"access_key_id", "access_key_secret", "security_token"};
    const char *v[3];
    bool bad = false;
    for (int k = 0; k < 3; k++) {
        char path[96];
        snprintf(path, sizeof path, "%s.%s", pfx, names[k]);
        v[k] = cfgfile_get_string(cf, g, names[k], path, NULL);
        const config_setting_t *s = config_setting_get_member(g, names[k]);
        if (s && !v[k])
            bad = true;
        if (v[k] && !*v[k]) {
            cfgfile_error(cf, s, "%s is empty; remove the line to take keys from the environment",
                          path);
            bad = true;
            v[k] = NULL;
        }
        /* Said here once, at its line, rather than by every bucket's request. */
        struct sse_error verr;
        sse_error_clear(&verr);
        if (k == 0 && v[k] && validate_access_key_id(v[k], &verr) != SSE_OK) {
            cfgfile_error(cf, s, "%s %s", path, verr.message);
            bad = true;
        }
    }
    /* The message names keys only, never their values. */
    const config_setting_t *at = config_setting_get_member(g, "access_key_id");
    if (!at)
        at = config_setting_get_member(g, "access_key_secret");
    if (v[0] && !v[1] && !config_setting_get_member(g, "access_key_secret"))
        cfgfile_error(cf, at,
                      "profile \"%s\" has access_key_id but no access_key_secret; give both, "
                      "or neither to use OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET",
                      p->account.profile);
    if (v[1] && !v[0] && !config_setting_get_member(g, "access_key_id"))
        cfgfile_error(cf, at,
                      "profile \"%s\" has access_key_secret but no access_key_id; give both, "
                      "or neither to use OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET",
                      p->account.profile);
    if (v[2] && !config_setting_get_member(g, "access_key_id") &&
        !config_setting_get_member(g, "access_key_secret"))
        cfgfile_error(cf, config_setting_get_member(g, "security_token"),
                      "profile \"%s\" has security_token but no access_key_id and "
                      "access_key_secret; an STS token is used with its temporary key pair",
                      p->account.profile);
    if (!bad && v[0] && v[1] && oss_credentials_set(&p->account.creds, v[0], v[1], v[2]) != SSE_OK)
        cf->nomem = true;
}


/* An STS or KMS endpoint URL: https://host[:port], or http:// for a local endpoint only. */
static void
load_url(struct cfgfile *cf, const config_setting_t *g, const char *key, const char *pfx,
         char *dst, size_t size)
{
    char path[96];
    snprintf(path, sizeof path, "%s.%s", pfx, key);
    const char *v = cfgfile_get_string(cf, g, key, path, NULL);
    if (!v)
        return;
    const config_setting_t *s = config_setting_get_member(g, key);
    struct rpc_endpoint ep;
    struct sse_error err;
    sse_error_clear(&err);
    if (strlen(v) >= size)
        cfgfile_error(cf, s, "%s is too long (at most %zu bytes)", path, size - 1);
    else if (!strstr(v, "://") && with_scheme_ok(v))
        cfgfile_error(cf, s, "%s \"%s\" has no https:// in front (did you mean \"https://%s\"?)",
                      path, v, v); /* valid characters only */
    else if (!strstr(v, "://") || rpc_endpoint_parse(v, &ep, &err) != SSE_OK)
        cfgfile_error(cf, s, "%s: %s", path,
                      err.message[0] ? err.message
                                     : "it must be https://host[:port] (http:// only for a local "
                                       "endpoint)");
    else
        memcpy(dst, v, strlen(v) + 1);
}

/* A string key checked by a validate_* function; copied into dst[size] when good. */
static const char *
load_checked(struct cfgfile *cf, const config_setting_t *g, const char *key, const char *pfx,
             enum sse_status (*check)(const char *, struct sse_error *), char *dst, size_t size)
{
    char path[96];
    snprintf(path, sizeof path, "%s.%s", pfx, key);
    const char *v = cfgfile_get_string(cf, g, key, path, NULL);
    if (!v)
        return NULL;
    struct sse_error err;
    sse_error_clear(&err);
    if (check && check(v, &err) != SSE_OK) {
        cfgfile_error(cf, config_setting_get_member(g, key), "%s: %s", path, err.message);
        return NULL;
    }
    if (strlen(v) >= size) {
        cfgfile_error(cf, config_setting_get_member(g, key), "%s is too long (at most %zu bytes)",
                      path, size - 1);
        return NULL;
    }
    memcpy(dst, v, strlen(v) + 1);
    return v;
}

static enum sse_status
check_profile_ref(const char *v, struct sse_error *err)
{
    if (!*v)
        return sse_error_set(err, SSE_ERR_INVALID, "is empty; name a profile");
    for (const unsigned char *c = (const unsigned char *)v; *c; c++)
        if (*c < 0x20 || *c == 0x7f)
            return sse_error_set(err, SSE_ERR_INVALID, "has a control character");
    return SSE_OK;
}

static enum sse_status
check_ecs_role(const char *v, struct sse_error *err)
{
    return *v ? validate_ram_role_name(v, err) : SSE_OK; /* "" asks the metadata service */
}

static enum sse_status
check_region(const char *v, struct sse_error *err)
{
    return validate_region_id(v) ? SSE_OK
                                 : sse_error_set(err, SSE_ERR_INVALID,
                                                 "must be a region id like \"cn-hangzhou\" "
                                                 "(lower-case letters, digits and '-')");
}

/* The identity keys of one profile, and the conflicts among them (source_profile's target is
 * checked once every profile is known: check_sources). */
static void
load_identity(struct cfgfile *cf, const config_setting_t *g, const char *pfx,
              struct sse_profile *p)
{
    struct sse_identity *id = &p->identity;
    load_checked(cf, g, "aliyun_profile", pfx, check_profile_ref, id->aliyun_profile,
                 sizeof id->aliyun_profile);
    load_checked(cf, g, "role_arn", pfx, validate_role_arn, id->role_arn, sizeof id->role_arn);
    load_checked(cf, g, "role_session_name", pfx, validate_role_session_name,
                 id->role_session_name, sizeof id->role_session_name);
    load_checked(cf, g, "external_id", pfx, validate_external_id, id->external_id,
                 sizeof id->external_id);
    load_checked(cf, g, "source_profile", pfx, check_profile_ref, id->source_profile,
                 sizeof id->source_profile);
    if (load_checked(cf, g, "ecs_ram_role", pfx, check_ecs_role, id->ecs_ram_role,
                     sizeof id->ecs_ram_role))
        id->ecs_ram_role_set = true;
    load_checked(cf, g, "sts_region", pfx, check_region, id->sts_region, sizeof id->sts_region);
    load_url(cf, g, "sts_endpoint", pfx, id->sts_endpoint, sizeof id->sts_endpoint);
    load_url(cf, g, "kms_endpoint", pfx, p->kms_endpoint, sizeof p->kms_endpoint);
    char path[96];
    snprintf(path, sizeof path, "%s.role_duration_s", pfx);
    long long d = 0;
    if (cfgfile_get_int(cf, g, "role_duration_s", path, 900, 43200, &d))
        id->role_duration_s = (int)d;

    /* Keys that only mean something with role_arn. */
    static const char *const needs_role[] = {"role_session_name", "external_id",
                                             "role_duration_s", "source_profile"};
    const bool has_role = config_setting_get_member(g, "role_arn") != NULL;
    for (size_t i = 0; i < NKEYS(needs_role) && !has_role; i++) {
        const config_setting_t *s = config_setting_get_member(g, needs_role[i]);
        if (s)
            cfgfile_error(cf, s, "profile \"%s\" sets %s but no role_arn; %s only applies to the "
                                 "role assumed", p->account.profile, needs_role[i], needs_role[i]);
    }
    if (config_setting_get_member(g, "sts_endpoint") && config_setting_get_member(g, "sts_region"))
        cfgfile_error(cf, config_setting_get_member(g, "sts_region"),
                      "profile \"%s\" sets both sts_endpoint and sts_region; keep one (sts_region "
                      "stands for https://sts.REGION.aliyuncs.com)", p->account.profile);

    /* The credentials come from one place: the profile's own keys, an aliyun CLI profile, the
     * ECS role or another profile. role_arn is then assumed with them. */
    static const char *const sources[] = {"access_key_id", "aliyun_profile", "ecs_ram_role",
                                          "source_profile"};
    const char *first = NULL;
    for (size_t i = 0; i < NKEYS(sources); i++) {
        const config_setting_t *s = config_setting_get_member(g, sources[i]);
        if (!s && i == 0) /* a secret alone still counts as keys (load_credentials reports it) */
            s = config_setting_get_member(g, "access_key_secret");
        if (!s)
            continue;
        const char *name = i == 0 ? "its own keys (access_key_id)" : sources[i];
        if (first)
            cfgfile_error(cf, s, "profile \"%s\" takes its credentials from both %s and %s; keep "
                                 "one", p->account.profile, first, name);
        else
            first = name;
    }
}

static void
load_profile(struct cfgfile *cf, const config_setting_t *g, int idx, struct sse_config *cfg)
{
    struct sse_profile *p = &cfg->profiles[cfg->nprofiles++];
    p->line = (int)config_setting_source_line(g);
    p->account.signature_version = 4;
    p->account.addressing = OSS_ADDR_VIRTUAL;

    char pfx[32], path[96], where[96];
    snprintf(pfx, sizeof pfx, "profiles[%d]", idx);

    /* The name first: later messages use it. */
    const config_setting_t *ns = config_setting_get_member(g, "name");
    snprintf(path, sizeof path, "%s.name", pfx);
    const char *name = cfgfile_get_string(cf, g, "name", path, NULL);
    bool name_ok = false;
    if (!ns) {
        cfgfile_error(cf, g, "%s has no name; add name = \"...\"; (letters, digits, '.', '_', '-')",
                      pfx);
    } else if (name && strlen(name) >= sizeof p->account.profile) {
        cfgfile_error(cf, ns, "%s is too long (at most %zu bytes)", path,
                      sizeof p->account.profile - 1);
    } else if (name && !plain_name(name)) {
        char sh[96];
        cfgfile_error(cf, ns,
                      "%s \"%s\" may only have letters, digits, '.', '_' and '-' (not first)",
                      path, SHOWN(sh, name));
    } else if (name) {
        name_ok = true;
        memcpy(p->account.profile, name, strlen(name) + 1);
        for (size_t i = 0; i + 1 < cfg->nprofiles; i++) {
            if (strcmp(cfg->profiles[i].account.profile, name) == 0) {
                cfgfile_error(cf, ns,
                              "duplicate profile name \"%s\" (first defined at line %d)", name,
                              cfg->profiles[i].line);
                break;
            }
        }
    }
    if (name_ok)
        snprintf(where, sizeof where, "in profile \"%s\"", name);
    else
        snprintf(where, sizeof where, "in %s", pfx);
    if (!name_ok)
        snprintf(p->account.profile, sizeof p->account.profile, "%s", pfx);
    cfgfile_check_keys(cf, g, profile_keys, NKEYS(profile_keys), where);

    snprintf(path, sizeof path, "%s.endpoint", pfx);
    const config_setting_t *es = config_setting_get_member(g, "endpoint");
    const char *ep = cfgfile_get_string(cf, g, "endpoint", path, NULL);
    if (!es) {
        cfgfile_error(cf, g,
                      "%s has no endpoint; add endpoint = \"https://oss-<region>.aliyuncs.com\";",
                      pfx);
    } else if (ep) {
        char sh[160];
        const char *why = validate_endpoint_problem(ep);
        if (strchr(ep, '@'))
            /* user:password@host would put a secret into this very message: do not echo it. */
            cfgfile_error(cf, es, "%s must not hold user information ('@'); put keys in "
                                  "access_key_id / access_key_secret", path);
        else if (strlen(ep) >= sizeof p->account.endpoint)
            cfgfile_error(cf, es, "%s is too long (at most %zu bytes)", path,
                          sizeof p->account.endpoint - 1);
        else if (why && with_scheme_ok(ep))
            cfgfile_error(cf, es, "%s \"%s\" is not https://host[:port] or http://host[:port]: %s "
                                  "(did you mean \"https://%s\"?)",
                          path, ep, why, ep); /* valid chars only */
        else if (why)
            cfgfile_error(cf, es, "%s \"%s\" is not https://host[:port] or http://host[:port]: %s",
                          path, SHOWN(sh, ep), why);
        else
            memcpy(p->account.endpoint, ep, strlen(ep) + 1);
    }

    snprintf(path, sizeof path, "%s.region", pfx);
    const config_setting_t *rs = config_setting_get_member(g, "region");
    const char *rg = cfgfile_get_string(cf, g, "region", path, NULL);
    if (!rs) {
        cfgfile_error(cf, g,
                      "%s has no region; add region = \"cn-hangzhou\"; (the region id, without "
                      "\"oss-\")", pfx);
    } else if (rg) {
        char sh[96];
        bool ok = validate_region_id(rg) && strlen(rg) < sizeof p->account.region;
        if (strncmp(rg, "oss-", 4) == 0 && rg[4])
            cfgfile_error(cf, rs,
                          "%s \"%s\" is an endpoint prefix, not a region id; drop \"oss-\": "
                          "region = \"%s\";", path, SHOWN(sh, rg), sh + 4);
        else if (!ok)
            cfgfile_error(cf, rs, "%s \"%s\" must be a region id like \"cn-hangzhou\" (lower-case "
                                  "letters, digits and '-')", path, SHOWN(sh, rg));
        else
            memcpy(p->account.region, rg, strlen(rg) + 1);
    }
    char implied[OSS_REGION_MAX];
    if (p->account.endpoint[0] && p->account.region[0] &&
        oss_endpoint_region(p->account.endpoint, implied, sizeof implied, NULL) &&
        ascii_casecmp(implied, p->account.region) != 0)
        cfgfile_warn(cf, rs,
                     "%s \"%s\" differs from the endpoint's region \"%s\"; V4 signatures will "
                     "be rejected", path, p->account.region, implied);

    const config_setting_t *sv = config_setting_get_member(g, "signature_version");
    if (sv) {
        snprintf(path, sizeof path, "%s.signature_version", pfx);
        int t = config_setting_type(sv);
        long long v = (t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64)
                          ? config_setting_get_int64(sv) : 0;
        if (t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64)
            cfgfile_error(cf, sv, "%s must be 1 or 4, not %s", path, cfgfile_type_name(sv));
        else if (v != 1 && v != 4)
            cfgfile_error(cf, sv, "%s must be 1 or 4, not %lld", path, v);
        else
            p->account.signature_version = (int)v;
    }

    snprintf(path, sizeof path, "%s.addressing", pfx);
    const char *ad = cfgfile_get_string(cf, g, "addressing", path, NULL);
    if (ad) {
        char sh[96];
        if (strcmp(ad, "virtual") == 0)
            p->account.addressing = OSS_ADDR_VIRTUAL;
        else if (strcmp(ad, "path") == 0)
            p->account.addressing = OSS_ADDR_PATH;
        else
            cfgfile_error(cf, config_setting_get_member(g, "addressing"),
                          "%s must be \"virtual\" (bucket.host) or \"path\" (host/bucket/), not "
                          "\"%s\"", path, SHOWN(sh, ad));
    }
    /* Virtual-hosted requests go to BUCKET.HOST: an IP address has no names below it, and each
     * bucket would fail alike, later, on a name lookup. One error here instead. */
    if (p->account.addressing == OSS_ADDR_VIRTUAL && p->account.endpoint[0] &&
        validate_endpoint_ip(p->account.endpoint)) {
        const char *url = p->account.endpoint, *host = strstr(url, "://") + 3;
        size_t hn = host[0] == '[' ? strcspn(host, "]") + 1 : strcspn(host, ":/");
        if (ad)
            cfgfile_error(cf, config_setting_get_member(g, "addressing"),
                          "%s \"virtual\" cannot be used with the IP address endpoint \"%s\": it "
                          "would look up BUCKET.%.*s; use addressing = \"path\";", path, url,
                          (int)hn, host);
        else
            cfgfile_error(cf, es,
                          "%s.endpoint \"%s\" is an IP address, which virtual-hosted addressing "
                          "(the default) cannot put a bucket name in front of; add addressing = "
                          "\"path\";", pfx, url);
    }

    static const char *const flags[] = {"discover", "internal", "readonly", "insecure_tls"};
    bool *dst[] = {&p->discover, &p->internal, &p->readonly, &p->account.insecure_tls};
    for (size_t i = 0; i < NKEYS(flags); i++) {
        snprintf(path, sizeof path, "%s.%s", pfx, flags[i]);
        cfgfile_get_bool(cf, g, flags[i], path, dst[i]);
    }

    load_credentials(cf, g, pfx, p);
    load_identity(cf, g, pfx, p);

    const config_setting_t *bl = config_setting_get_member(g, "buckets");
    if (bl)
        load_buckets(cf, bl, pfx, p);
    const config_setting_t *al = config_setting_get_member(g, "endpoints_allowed");
    if (al)
        load_endpoints_allowed(cf, al, pfx, p);
}

static void
load_network(struct cfgfile *cf, const config_setting_t *root, struct oss_transport *net)
{
    const config_setting_t *g =
        cfgfile_get_group(cf, root, "network", "{ timeout_s = 10; retries = 3; }");
    if (!g)
        return;
    cfgfile_check_keys(cf, g, network_keys, NKEYS(network_keys), "in network");
    /* v starts at the default, so an absent key keeps it. */
    long long v = net->timeout_s;
    if (cfgfile_get_int(cf, g, "timeout_s", "network.timeout_s", 1, 3600, &v))
        net->timeout_s = (long)v;
    v = net->connect_timeout_s;
    if (cfgfile_get_int(cf, g, "connect_timeout_s", "network.connect_timeout_s", 1, 600, &v))
        net->connect_timeout_s = (long)v;
    v = net->retries;
    if (cfgfile_get_int(cf, g, "retries", "network.retries", 0, 10, &v))
        net->retries = (int)v;
    v = net->concurrency;
    if (cfgfile_get_int(cf, g, "concurrency", "network.concurrency", 1, 1024, &v))
        net->concurrency = (int)v;
    const char *ca = cfgfile_get_string_into(cf, g, "ca_file", "network.ca_file", net->ca_file,
                                             sizeof net->ca_file);
    /* Caught here, a missing CA bundle is one clear line instead of a TLS error per bucket. */
    if (ca && *ca && access(ca, R_OK) != 0) {
        int e = errno;
        char sh[160];
        cfgfile_error(cf, config_setting_get_member(g, "ca_file"),
                      "network.ca_file \"%s\" cannot be read: %s", SHOWN(sh, ca), strerror(e));
    }
    /* The proxy URL may carry a password: it is never echoed. */
    cfgfile_get_string_into(cf, g, "proxy", "network.proxy", net->proxy, sizeof net->proxy);
}

/* ui.columns: the names of the columns the bucket list shows. */
static void
load_columns(struct cfgfile *cf, const config_setting_t *list, unsigned *out)
{
    int t = config_setting_type(list);
    if (t != CONFIG_TYPE_LIST && t != CONFIG_TYPE_ARRAY) {
        cfgfile_error(cf, list, "ui.columns must be a list of column names, like [ \"profile\", "
                                "\"algorithm\", \"status\" ], not %s", cfgfile_type_name(list));
        return;
    }
    unsigned listed = 0;
    for (int i = 0; i < config_setting_length(list); i++) {
        const config_setting_t *e = config_setting_get_elem(list, (unsigned)i);
        const char *name = config_setting_type(e) == CONFIG_TYPE_STRING
                               ? config_setting_get_string(e) : NULL;
        enum sse_column c;
        char known[160], hint[96], sh[96];
        if (!name) {
            cfgfile_error(cf, e, "ui.columns[%d] must be a column name in double quotes, not %s",
                          i, cfgfile_type_name(e));
        } else if (!sse_column_parse(name, &c)) {
            cfgfile_join_names(known, sizeof known, sse_column_names(), SSE_COL_COUNT);
            cfgfile_error(cf, e, "ui.columns[%d]: unknown column \"%s\"%s; known columns: %s", i,
                          SHOWN(sh, name),
                          cfgfile_hint(name, sse_column_names(), SSE_COL_COUNT, hint, sizeof hint),
                          known);
        } else if (listed & SSE_COLUMN_BIT(c)) {
            cfgfile_error(cf, e, "ui.columns[%d]: column \"%s\" is listed twice", i, name);
        } else {
            listed |= SSE_COLUMN_BIT(c);
        }
    }
    /* The bucket's name is what a row is: it is always shown. */
    *out = listed | SSE_COLUMN_BIT(SSE_COL_BUCKET);
}

static void
load_ui(struct cfgfile *cf, const config_setting_t *root, struct sse_ui_settings *ui)
{
    const config_setting_t *g =
        cfgfile_get_group(cf, root, "ui", "{ theme = \"default\"; confirm = true; }");
    if (!g)
        return;
    cfgfile_check_keys(cf, g, ui_keys, NKEYS(ui_keys), "in ui");
    const char *th = cfgfile_get_string(cf, g, "theme", "ui.theme", NULL);
    if (th) {
        char sh[96];
        if (strlen(th) >= sizeof ui->theme || !plain_name(th))
            cfgfile_error(cf, config_setting_get_member(g, "theme"),
                          "ui.theme \"%.100s\" must be a theme name like \"dark\" (letters, "
                          "digits, '.', '_', '-'; at most %zu bytes)", SHOWN(sh, th),
                          sizeof ui->theme - 1);
        else
            memcpy(ui->theme, th, strlen(th) + 1);
    }
    cfgfile_get_bool(cf, g, "confirm", "ui.confirm", &ui->confirm);
    cfgfile_get_bool(cf, g, "clipboard", "ui.clipboard", &ui->clipboard);
    const config_setting_t *cols = config_setting_get_member(g, "columns");
    if (cols)
        load_columns(cf, cols, &ui->columns);
}

/* "a, b, c" of the profile names into buf. */
static void
profile_list(const struct sse_config *cfg, char *buf, size_t size)
{
    const char *names[64];
    size_t k = 0;
    for (size_t i = 0; i < cfg->nprofiles && k < 64; i++)
        names[k++] = cfg->profiles[i].account.profile;
    cfgfile_join_names(buf, size, names, k);
}

/* Index of the profile named name, or -1. */
static int
profile_index(const struct sse_config *cfg, const char *name)
{
    for (size_t i = 0; i < cfg->nprofiles; i++)
        if (strcmp(cfg->profiles[i].account.profile, name) == 0)
            return (int)i;
    return -1;
}

/* Every source_profile names another profile, and following them never comes back: a cycle is
 * reported once, at its first profile in the file, with the whole cycle. groups[i] is profile
 * i's group in the file. */
static void
check_sources(struct cfgfile *cf, const struct sse_config *cfg,
              const config_setting_t *const *groups)
{
    size_t n = cfg->nprofiles;
    const char **names = calloc(n ? n : 1, sizeof *names);
    unsigned char *state = calloc(n ? n : 1, 1); /* 0 unseen, 1 on the walk, 2 done */
    int *walk = calloc(n ? n : 1, sizeof *walk);
    if (!names || !state || !walk) {
        cf->nomem = true;
        free(names);
        free(state);
        free(walk);
        return;
    }
    for (size_t i = 0; i < n; i++)
        names[i] = cfg->profiles[i].account.profile;
    bool *bad = calloc(n ? n : 1, sizeof *bad);
    for (size_t i = 0; bad && i < n; i++) {
        const char *src = cfg->profiles[i].identity.source_profile;
        if (!*src)
            continue;
        const config_setting_t *s = config_setting_get_member(groups[i], "source_profile");
        int j = profile_index(cfg, src);
        char sh[80], hint[120];
        if (j < 0) {
            char list[512];
            cfgfile_join_names(list, sizeof list, names, n < 64 ? n : 64);
            cfgfile_error(cf, s, "profile \"%s\": source_profile \"%s\" names no profile%s; known "
                                 "profiles: %s", names[i], SHOWN(sh, src),
                          cfgfile_hint(src, names, n, hint, sizeof hint), list);
            bad[i] = true;
        } else if ((size_t)j == i) {
            cfgfile_error(cf, s, "profile \"%s\": source_profile names the profile itself; name "
                                 "the profile whose credentials assume role_arn", names[i]);
            bad[i] = true;
        }
    }
    for (size_t start = 0; bad && start < n; start++) {
        if (state[start])
            continue;
        /* Follow source_profile from start until a profile without one, a bad one, a profile
         * already known to be fine, or one on this walk (a cycle). */
        size_t len = 0;
        int at = (int)start;
        while (at >= 0 && state[at] == 0 && !bad[at]) {
            state[at] = 1;
            walk[len++] = at;
            const char *src = cfg->profiles[at].identity.source_profile;
            at = *src ? profile_index(cfg, src) : -1;
        }
        if (at >= 0 && state[at] == 1) {
            size_t k = 0;
            while (walk[k] != at)
                k++;
            /* The cycle walk[k..len-1], told from its first profile in the file. */
            size_t first = k;
            for (size_t m = k; m < len; m++)
                if (walk[m] < walk[first])
                    first = m;
            char cycle[600];
            size_t used = 0;
            for (size_t m = 0; m <= len - k && used < sizeof cycle; m++) {
                size_t idx = k + (first - k + m) % (len - k);
                int w = snprintf(cycle + used, sizeof cycle - used, "%s%s", m ? " -> " : "",
                                 names[walk[idx]]);
                used += w > 0 ? (size_t)w : 0;
            }
            cfgfile_error(cf,
                          config_setting_get_member(groups[walk[first]], "source_profile"),
                          "source_profile cycle: %s; one of them must take its credentials from "
                          "somewhere else", cycle);
        }
        for (size_t m = 0; m < len; m++)
            state[walk[m]] = 2;
    }
    if (!bad)
        cf->nomem = true;
    free(bad);
    free(names);
    free(state);
    free(walk);
}

static void
load_root(struct cfgfile *cf, const config_setting_t *root, struct sse_config *cfg)
{
    cfgfile_check_keys(cf, root, top_keys, NKEYS(top_keys), "at the top level");

    long long ver = SSE_CONFIG_VERSION;
    const config_setting_t *vs = config_setting_get_member(root, "version");
    if (vs) {
        int t = config_setting_type(vs);
        if (t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64)
            cfgfile_error(cf, vs, "version must be %d, not %s", SSE_CONFIG_VERSION,
                          cfgfile_type_name(vs));
        else if ((ver = config_setting_get_int64(vs)) != SSE_CONFIG_VERSION)
            cfgfile_error(cf, vs,
                          "version must be %d, not %lld (this sseadm reads version %d files)",
                          SSE_CONFIG_VERSION, ver, SSE_CONFIG_VERSION);
    }
    cfg->version = SSE_CONFIG_VERSION;

    const config_setting_t *pl = config_setting_get_member(root, "profiles");
    if (!pl) {
        cfgfile_error(cf, NULL, "has no profiles; add profiles = ( { name = \"...\"; endpoint = "
                                "\"https://...\"; region = \"...\"; } );");
    } else if (config_setting_type(pl) != CONFIG_TYPE_LIST) {
        cfgfile_error(cf, pl,
                      "profiles must be a list of groups, like ( { name = \"...\"; ... } ), "
                      "not %s", cfgfile_type_name(pl));
    } else if (config_setting_length(pl) == 0) {
        cfgfile_error(cf, pl, "profiles is empty; define at least one profile: ( { name = \"...\"; "
                              "endpoint = \"https://...\"; region = \"...\"; } )");
    } else {
        int n = config_setting_length(pl);
        cfg->profiles = calloc((size_t)n, sizeof *cfg->profiles);
        const config_setting_t **groups = calloc((size_t)n, sizeof *groups);
        if (!cfg->profiles || !groups) {
            free(groups);
            cf->nomem = true;
            return;
        }
        for (int i = 0; i < n && !cf->nomem; i++) {
            const config_setting_t *g = config_setting_get_elem(pl, (unsigned)i);
            if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
                cfgfile_error(cf, g, "profiles[%d] must be a group { name = ...; endpoint = ...; "
                                     "region = ...; }, not %s", i, cfgfile_type_name(g));
                continue;
            }
            groups[cfg->nprofiles] = g;
            load_profile(cf, g, i, cfg);
        }
        if (!cf->nomem)
            check_sources(cf, cfg, groups);
        free(groups);
    }

    const config_setting_t *ds = config_setting_get_member(root, "default_profile");
    const char *dp = cfgfile_get_string(cf, root, "default_profile", "default_profile", NULL);
    if (dp && cfg->nprofiles) {
        bool found = false;
        for (size_t i = 0; i < cfg->nprofiles && !found; i++) {
            if (strcmp(cfg->profiles[i].account.profile, dp) == 0) {
                cfg->default_profile = i;
                found = true;
            }
        }
        if (!found) {
            char list[512], sh[96];
            profile_list(cfg, list, sizeof list);
            cfgfile_error(cf, ds, "default_profile \"%s\" names no profile; known profiles: %s",
                          SHOWN(sh, dp), list);
        }
    }

    load_network(cf, root, &cfg->network);
    load_ui(cf, root, &cfg->ui);
}

static void
defaults(struct sse_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->version = SSE_CONFIG_VERSION;
    cfg->network.timeout_s = 10;
    cfg->network.connect_timeout_s = 5;
    cfg->network.retries = 3;
    cfg->network.concurrency = 32;
    snprintf(cfg->ui.theme, sizeof cfg->ui.theme, "default");
    cfg->ui.confirm = true;
    cfg->ui.columns = SSE_COLUMNS_ALL;
    cfg->ui.clipboard = true;
}

/* Zeroes the string setting s holds (libconfig's own copy), if it is one. */
static void
wipe_string(const config_setting_t *s)
{
    if (s && config_setting_type(s) == CONFIG_TYPE_STRING) {
        char *str = (char *)config_setting_get_string(s);
        if (str)
            explicit_bzero(str, strlen(str));
    }
}

/* libconfig keeps its own copies of the strings; wipe the secret ones before they are freed: a
 * profile's keys and token, its external_id (the trust policy's shared value) and the proxy URL
 * (it may carry a password). Returns the first secret key a profile sets (whatever its type) in
 * a file others may read, for the permission warning, or NULL: file[size] gets that file's name
 * (the main one, whose mode is main_mode, or one it @includes) and *mode its mode. */
static const char *
wipe_secrets(struct cfgfile *cf, unsigned main_mode, char *file, size_t size, unsigned *mode)
{
    config_t *lc = &cf->lc;
    const char *first = NULL;
    const config_setting_t *net = config_lookup(lc, "network");
    if (net && config_setting_type(net) == CONFIG_TYPE_GROUP)
        wipe_string(config_setting_get_member(net, "proxy"));
    const config_setting_t *pl = config_lookup(lc, "profiles");
    if (!pl || config_setting_type(pl) != CONFIG_TYPE_LIST)
        return NULL;
    for (int i = 0; i < config_setting_length(pl); i++) {
        const config_setting_t *g = config_setting_get_elem(pl, (unsigned)i);
        if (config_setting_type(g) != CONFIG_TYPE_GROUP)
            continue;
        wipe_string(config_setting_get_member(g, "external_id"));
        static const char *const keys[] = {"access_key_id", "access_key_secret", "security_token"};
        for (size_t k = 0; k < NKEYS(keys); k++) {
            const config_setting_t *s = config_setting_get_member(g, keys[k]);
            if (s && k > 0 && !first) {
                char src[4400];
                cfgfile_source_path(cf, s, src, sizeof src);
                unsigned m = main_mode;
                struct stat st;
                if (strcmp(src, cf->file) != 0)
                    m = stat(src, &st) == 0 ? (unsigned)st.st_mode : 0;
                if (m & 077) {
                    first = keys[k];
                    sse_strlcpy(file, src, size);
                    *mode = m;
                }
            }
            wipe_string(s);
        }
    }
    return first;
}

void
config_warn_secret_mode(struct sse_diag *warnings, const char *file, const char *what,
                        unsigned mode)
{
    if (mode & 077)
        sse_diag_add(warnings, "%s: holds %s but is readable by others (mode %04o); chmod 600 %s",
                     file, what, mode & 07777, file);
}

/* The parsed file (opened = how cfgfile_open_* went) → cfg; closes cf. */
static enum sse_status
load(struct cfgfile *cf, enum sse_status opened, unsigned mode, struct sse_config *cfg)
{
    enum sse_status st = opened;
    bool loaded = false;
    defaults(cfg);
    if (st == SSE_OK && !(cfg->path = strdup(cf->file)))
        st = SSE_ERR_NOMEM;
    if (st == SSE_OK) {
        load_root(cf, cfgfile_root(cf), cfg);
        st = cfgfile_status(cf);
        loaded = true;
    }
    char where[4400];
    unsigned where_mode = 0;
    const char *secret = wipe_secrets(cf, mode, where, sizeof where, &where_mode);
    if (loaded && secret)
        config_warn_secret_mode(cf->warnings, where, secret, where_mode);
    cfgfile_close(cf);
    if (st != SSE_OK)
        config_cleanup(cfg);
    return st;
}

enum sse_status
config_load(const char *path, struct sse_config *cfg, struct sse_diag *errors,
            struct sse_diag *warnings)
{
    struct cfgfile cf;
    unsigned mode;
    enum sse_status st = cfgfile_open_file(&cf, path, "a configuration", NULL, errors, warnings,
                                           &mode);
    return load(&cf, st, mode, cfg);
}

enum sse_status
config_load_string(const char *text, const char *name, struct sse_config *cfg,
                   struct sse_diag *errors, struct sse_diag *warnings)
{
    struct cfgfile cf;
    enum sse_status st = cfgfile_open_string(&cf, text, name ? name : "(string)", NULL, errors,
                                             warnings);
    return load(&cf, st, 0, cfg);
}

int
config_find_profile(const struct sse_config *cfg, const char *name, struct sse_error *err)
{
    if (!cfg->nprofiles) {
        sse_error_set(err, SSE_ERR_CONFIG, "%s defines no profiles", cfg->path ? cfg->path : "");
        return -1;
    }
    if (!name)
        return (int)cfg->default_profile;
    for (size_t i = 0; i < cfg->nprofiles; i++)
        if (strcmp(cfg->profiles[i].account.profile, name) == 0)
            return (int)i;
    char list[300], sh[80];
    profile_list(cfg, list, sizeof list);
    sse_error_set(err, SSE_ERR_CONFIG, "no profile \"%s\" in %.100s; known profiles: %s",
                  SHOWN(sh, name), cfg->path ? cfg->path : "the configuration", list);
    return -1;
}

void
config_cleanup(struct sse_config *cfg)
{
    if (!cfg)
        return;
    for (size_t i = 0; i < cfg->nprofiles; i++) {
        struct sse_profile *p = &cfg->profiles[i];
        oss_credentials_cleanup(&p->account.creds);
        for (size_t j = 0; j < p->nbuckets; j++)
            free(p->buckets[j]);
        free(p->buckets);
        for (size_t j = 0; j < p->nendpoints_allowed; j++)
            free(p->endpoints_allowed[j]);
        free(p->endpoints_allowed);
    }
    free(cfg->profiles);
    free(cfg->path);
    memset(cfg, 0, sizeof *cfg);
}

enum sse_status
config_default_path(char *buf, size_t size)
{
    const char *env = getenv("SSEADM_CONFIG");
    int n;
    if (env && *env) {
        n = snprintf(buf, size, "%s", env);
    } else if ((env = getenv("XDG_CONFIG_HOME")) && env[0] == '/') {
        n = snprintf(buf, size, "%s/sseadm/config", env);
    } else if ((env = getenv("HOME")) && *env) {
        n = snprintf(buf, size, "%s/.config/sseadm/config", env);
    } else {
        if (size)
            buf[0] = '\0';
        return SSE_ERR_CONFIG;
    }
    if (n < 0 || (size_t)n >= size) {
        if (size)
            buf[0] = '\0';
        return SSE_ERR_INVALID;
    }
    return SSE_OK;
}
