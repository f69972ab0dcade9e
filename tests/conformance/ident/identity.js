// identity.js — the official Node libraries against ossemu's identity and key services:
//   rpc phase: @alicloud/pop-core 1.8.0 calls STS (GetCallerIdentity, AssumeRole, errors) and KMS
//     (ListKeys with paging and Filters, DescribeKey by ID/alias/ARN, ListAliases,
//     ListAliasesByKeyId, errors) over HTTP, GET and POST;
//   creds phase (inside a private network namespace, run by netns.sh): @alicloud/credentials
//     2.4.7 fetches credentials with its RamRoleArn and OIDC providers from
//     https://sts.cn-hangzhou.aliyuncs.com (the name it builds itself, on loopback, with a test CA)
//     and with its EcsRamRole provider from http://100.100.100.200; pop-core then calls STS with
//     each and ossemu's log shows who signed.
// Run by t_identity.sh:  node identity.js rpc|creds  with CONF_* variables (see below).
// Prints "ok - …" / "FAIL - …" lines, then "PHASE: N passed, M failed"; exits 1 on failure.
'use strict';
const fs = require('fs');

const env = name => {
  const v = process.env[name];
  if (v === undefined) throw new Error(`${name} is not set`);
  return v;
};
const phase = process.argv[2];
const RPCClient = require('@alicloud/pop-core').RPCClient;

let passed = 0;
let failed = 0;
async function test(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok   - ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL - ${name}`);
    console.log(`       ${String(e && e.stack ? e.message : e).split('\n').join('\n       ')}`);
  }
}
function assert(cond, what) {
  if (!cond) throw new Error(what);
}
function eq(got, want, what) {
  assert(JSON.stringify(got) === JSON.stringify(want), `${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
}
async function rejects(promise, code, status) {
  let err = null;
  try {
    await promise;
  } catch (e) {
    err = e;
  }
  assert(err, `expected ${code}, the call succeeded`);
  eq(err.code, code, 'err.code');
  if (status) eq(err.entry && err.entry.response && err.entry.response.statusCode, status, 'HTTP status');
  assert(/^[0-9A-F-]{36}$/.test((err.data && err.data.RequestId) || ''), `RequestId ${err.data && err.data.RequestId}`);
  return err;
}
// The request log lines ossemu wrote since `from` (a line count), as objects.
function logSince(from) {
  return fs.readFileSync(env('CONF_LOG'), 'utf8').split('\n').filter(Boolean).slice(from).map(l => JSON.parse(l));
}
function logLength() {
  return fs.readFileSync(env('CONF_LOG'), 'utf8').split('\n').filter(Boolean).length;
}

const client = (endpoint, apiVersion, keys) => new RPCClient({
  accessKeyId: keys.ak, accessKeySecret: keys.secret, securityToken: keys.token,
  endpoint, apiVersion, opts: { timeout: 10000 },
});
const main = () => ({ ak: env('CONF_AK'), secret: env('CONF_SECRET') });
const AUDITOR = 'acs:ram::1234567890123456:role/auditor';

async function rpcPhase() {
  const url = env('CONF_URL');
  const sts = client(url, '2015-04-01', main());
  const kms = client(url, '2016-01-20', main());
  const kmsSh = client(env('CONF_URL_SH'), '2016-01-20', main());

  await test('pop-core GetCallerIdentity (GET, every parameter in the query)', async () => {
    const r = await sts.request('GetCallerIdentity', {});
    eq([r.IdentityType, r.Arn, r.AccountId], ['RAMUser', 'acs:ram::1738264905170913:user/ops', '1738264905170913'], 'identity');
    const line = logSince(logLength() - 1)[0];
    eq([line.method, line.service, line.action, line.body], ['GET', 'sts', 'GetCallerIdentity', ''], 'what ossemu received');
  });
  await test('pop-core GetCallerIdentity (POST, every parameter in the form body)', async () => {
    const r = await sts.request('GetCallerIdentity', {}, { method: 'POST' });
    eq(r.IdentityType, 'RAMUser', 'IdentityType');
    const line = logSince(logLength() - 1)[0];
    assert(line.method === 'POST' && /Action=GetCallerIdentity/.test(line.body) && /Signature=<redacted>/.test(line.body) &&
      !/Action=/.test(line.query), `POST as pop-core sends it: query ${line.query} body ${line.body}`);
  });
  let creds;
  await test('pop-core AssumeRole', async () => {
    const r = await sts.request('AssumeRole', { RoleArn: AUDITOR, RoleSessionName: 'pop-core', DurationSeconds: 900 }, { method: 'POST' });
    creds = r.Credentials;
    assert(/^STS\./.test(creds.AccessKeyId) && creds.AccessKeySecret && creds.SecurityToken, 'credentials');
    eq(r.AssumedRoleUser.Arn, `${AUDITOR}/pop-core`, 'AssumedRoleUser.Arn');
    const seconds = (Date.parse(creds.Expiration) - Date.now()) / 1000;
    assert(seconds > 800 && seconds <= 900, `Expiration ${creds.Expiration}`);
  });
  await test('pop-core GetCallerIdentity with the issued credentials (SecurityToken)', async () => {
    const c = client(url, '2015-04-01', { ak: creds.AccessKeyId, secret: creds.AccessKeySecret, token: creds.SecurityToken });
    const r = await c.request('GetCallerIdentity', {});
    eq([r.IdentityType, r.Arn], ['AssumedRoleUser', 'acs:ram::1234567890123456:assumed-role/auditor/pop-core'], 'identity');
  });
  await test('pop-core sees SignatureDoesNotMatch for a wrong secret', async () => {
    const c = client(url, '2015-04-01', { ak: env('CONF_AK'), secret: 'wrong' });
    const err = await rejects(c.request('GetCallerIdentity', {}), 'SignatureDoesNotMatch', 400);
    assert(/server string to sign is:GET&%2F&/.test(err.data.Message), err.data.Message);
  });
  await test('pop-core sees NoPermission for a root key', async () => {
    const c = client(url, '2015-04-01', { ak: 'LTAI5tRootKey00001', secret: 'RootSecret00001' });
    const err = await rejects(c.request('AssumeRole', { RoleArn: AUDITOR, RoleSessionName: 'root' }), 'NoPermission', 400);
    eq(err.data.Message, 'Roles may not be assumed by root accounts.', 'Message');
  });
  await test('pop-core sees EntityNotExist.Role', async () => {
    await rejects(sts.request('AssumeRole', { RoleArn: 'acs:ram::1234567890123456:role/none', RoleSessionName: 's1' }), 'EntityNotExist.Role', 404);
  });

  await test('pop-core ListKeys, every page of two', async () => {
    const ids = [];
    let total = -1;
    for (let page = 1; page <= 10; page++) {
      const r = await kms.request('ListKeys', { PageNumber: page, PageSize: 2 });
      total = r.TotalCount;
      ids.push(...r.Keys.Key.map(k => k.KeyId));
      if (ids.length >= total) break;
    }
    eq(total, 6, 'TotalCount');
    eq(ids, ['key-hz-prod', 'key-hz-sm4', 'key-hz-off', 'key-hz-gone', 'key-hz-rsa', 'key-hz-byok'], 'keys');
  });
  await test('pop-core ListKeys with Filters (POST)', async () => {
    const Filters = JSON.stringify([{ Key: 'KeyState', Values: ['Enabled'] }, { Key: 'KeyUsage', Values: ['ENCRYPT/DECRYPT'] }]);
    const r = await kms.request('ListKeys', { Filters, PageSize: 100 }, { method: 'POST' });
    eq(r.Keys.Key.map(k => k.KeyId), ['key-hz-prod', 'key-hz-sm4'], 'keys');
  });
  await test('pop-core DescribeKey by ID, alias and ARN', async () => {
    for (const id of ['key-hz-off', 'alias/old', 'acs:kms:cn-hangzhou:1738264905170913:key/key-hz-off']) {
      const m = (await kms.request('DescribeKey', { KeyId: id })).KeyMetadata;
      eq([m.KeyId, m.KeyState, m.Arn], ['key-hz-off', 'Disabled', 'acs:kms:cn-hangzhou:1738264905170913:key/key-hz-off'], id);
    }
  });
  await test('pop-core DescribeKey: a BYOK key pending import, an HSM SM4 key', async () => {
    const b = (await kms.request('DescribeKey', { KeyId: 'key-hz-byok' })).KeyMetadata;
    eq([b.Origin, b.KeyState], ['EXTERNAL', 'PendingImport'], 'byok');
    const s = (await kms.request('DescribeKey', { KeyId: 'key-hz-sm4' })).KeyMetadata;
    eq([s.KeySpec, s.ProtectionLevel], ['Aliyun_SM4', 'HSM'], 'sm4');
  });
  await test('pop-core DescribeKey of a key in another region: Forbidden.KeyNotFound', async () => {
    await rejects(kms.request('DescribeKey', { KeyId: 'key-sh-1' }), 'Forbidden.KeyNotFound', 404);
    const m = (await kmsSh.request('DescribeKey', { KeyId: 'key-sh-1' })).KeyMetadata;
    eq(m.Arn, 'acs:kms:cn-shanghai:1738264905170913:key/key-sh-1', 'at the cn-shanghai port');
  });
  await test('pop-core DescribeKey of an alias nobody has: Forbidden.AliasNotFound', async () => {
    await rejects(kms.request('DescribeKey', { KeyId: 'alias/none' }), 'Forbidden.AliasNotFound', 404);
  });
  await test('pop-core ListAliases and ListAliasesByKeyId', async () => {
    const all = await kms.request('ListAliases', { PageSize: 100 });
    eq(all.Aliases.Alias.map(a => `${a.AliasName}=${a.KeyId}`), ['alias/prod=key-hz-prod', 'alias/backups=key-hz-prod', 'alias/old=key-hz-off'], 'aliases');
    const by = await kms.request('ListAliasesByKeyId', { KeyId: 'key-hz-prod' });
    eq([by.TotalCount, by.Aliases.Alias[1].AliasArn], [2, 'acs:kms:cn-hangzhou:1738264905170913:alias/backups'], 'by key');
  });
  await test('pop-core sees Forbidden.NoPermission for a user denied KMS', async () => {
    const c = client(url, '2016-01-20', { ak: 'LTAI5tNoKmsKey0001', secret: 'NoKmsSecret0001' });
    await rejects(c.request('ListKeys', {}), 'Forbidden.NoPermission', 403);
  });
  await test('pop-core sees Forbidden.KmsServiceNotEnabled', async () => {
    await rejects(kms.request('ListKeys', { RegionId: 'us-west-1' }), 'Forbidden.KmsServiceNotEnabled', 403);
  });
}

async function credsPhase() {
  const { default: Credential, Config } = require('@alicloud/credentials');
  const whoAmI = async (c, host) => {
    const p = client(`https://${host}`, '2015-04-01', { ak: c.accessKeyId, secret: c.accessKeySecret, token: c.securityToken });
    return p.request('GetCallerIdentity', {});
  };
  await test('credentials RamRoleArn: AssumeRole at https://sts.cn-hangzhou.aliyuncs.com', async () => {
    const from = logLength();
    const cred = new Credential(new Config({
      type: 'ram_role_arn', accessKeyId: env('CONF_AK'), accessKeySecret: env('CONF_SECRET'),
      roleArn: AUDITOR, roleSessionName: 'credentials-node', stsRegionId: 'cn-hangzhou',
    }));
    const c = await cred.getCredential();
    assert(/^STS\./.test(c.accessKeyId) && c.securityToken, `credentials ${c.accessKeyId}`);
    const r = await whoAmI(c, 'sts.cn-hangzhou.aliyuncs.com');
    eq(r.Arn, 'acs:ram::1234567890123456:assumed-role/auditor/credentials-node', 'pop-core with them');
    const sent = logSince(from).find(l => l.action === 'AssumeRole');
    assert(sent && sent.method === 'POST' && sent.host === 'sts.cn-hangzhou.aliyuncs.com', `AssumeRole as sent: ${JSON.stringify(sent)}`);
    assert(/RoleArn=/.test(sent.body) && /Signature=<redacted>/.test(sent.query) && /AccessKeyId=/.test(sent.query),
      `parameters split between query and body: ${sent.query} | ${sent.body}`);
    eq([sent.signer.arn, sent.issued.role_arn, sent.issued.session], ['acs:ram::1738264905170913:user/ops', AUDITOR, 'credentials-node'], 'the log');
  });
  await test('credentials RamRoleArn with the global endpoint https://sts.aliyuncs.com, an ExternalId', async () => {
    const cred = new Credential(new Config({
      type: 'ram_role_arn', accessKeyId: env('CONF_AK'), accessKeySecret: env('CONF_SECRET'),
      roleArn: 'acs:ram::2222222222222222:role/partner', roleSessionName: 'partner-review', externalId: 'partner-ext-42',
    }));
    const c = await cred.getCredential();
    const r = await whoAmI(c, 'sts.aliyuncs.com');
    eq(r.Arn, 'acs:ram::2222222222222222:assumed-role/partner/partner-review', 'pop-core with them');
  });
  await test('credentials RamRoleArn refused by the role\'s trust: the library reports STS\'s error', async () => {
    const cred = new Credential(new Config({
      type: 'ram_role_arn', accessKeyId: env('CONF_AK'), accessKeySecret: env('CONF_SECRET'),
      roleArn: 'acs:ram::1738264905170913:role/reviewer-only', roleSessionName: 's1', stsRegionId: 'cn-hangzhou',
    }));
    let err = null;
    try { await cred.getCredential(); } catch (e) { err = e; }
    assert(err && /NoPermission/.test(err.message), `error ${err && err.message}`);
  });
  await test('credentials OIDC: AssumeRoleWithOIDC, unsigned, with the token file', async () => {
    const from = logLength();
    const cred = new Credential(new Config({
      type: 'oidc_role_arn', roleArn: 'acs:ram::1738264905170913:role/k8s-app',
      oidcProviderArn: 'acs:ram::1738264905170913:oidc-provider/ack-rrsa', oidcTokenFilePath: env('CONF_TOKEN_FILE'),
      roleSessionName: 'rrsa-node', stsRegionId: 'cn-hangzhou',
    }));
    const c = await cred.getCredential();
    const r = await whoAmI(c, 'sts.cn-hangzhou.aliyuncs.com');
    eq(r.Arn, 'acs:ram::1738264905170913:assumed-role/k8s-app/rrsa-node', 'pop-core with them');
    const sent = logSince(from).find(l => l.action === 'AssumeRoleWithOIDC');
    assert(sent && !sent.signer && /OIDCToken=<redacted>/.test(sent.body), `sent unsigned, token hidden: ${JSON.stringify(sent)}`);
  });
  await test('credentials EcsRamRole: token, role name and credentials from 100.100.100.200', async () => {
    const from = logLength();
    const cred = new Credential(new Config({ type: 'ecs_ram_role' }));
    const c = await cred.getCredential();
    const r = await whoAmI(c, 'sts.cn-hangzhou.aliyuncs.com');
    eq([r.IdentityType, r.Arn], ['AssumedRoleUser', 'acs:ram::1738264905170913:assumed-role/ecs-ops/vm-ram-i-ossemu0000000001'], 'pop-core with them');
    const token = h => Object.keys(h).some(k => k.toLowerCase() === 'x-aliyun-ecs-metadata-token');
    const reads = logSince(from).filter(l => l.service === 'imds').map(l => `${l.method} ${l.path} ${token(l.headers) ? 'token' : 'no-token'}`);
    eq(reads.slice(0, 4), ['PUT /latest/api/token no-token', 'GET /latest/meta-data/ram/security-credentials/ token',
      'PUT /latest/api/token no-token', 'GET /latest/meta-data/ram/security-credentials/ecs-ops token'], 'what the library read');
  });
  await test('credentials EcsRamRole with IMDSv1 disabled and the role named', async () => {
    const cred = new Credential(new Config({ type: 'ecs_ram_role', roleName: 'ecs-ops', disableIMDSv1: true }));
    const c = await cred.getCredential();
    assert(/^STS\./.test(c.accessKeyId), 'credentials');
  });
}

(async () => {
  if (phase === 'rpc') await rpcPhase();
  else if (phase === 'creds') await credsPhase();
  else throw new Error(`unknown phase ${phase}`);
  console.log(`${phase}: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})().catch(e => {
  console.log(`FAIL - ${phase} phase: ${e.stack}`);
  console.log(`${phase}: ${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
