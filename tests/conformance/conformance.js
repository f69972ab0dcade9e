// conformance.js — two proofs with the official Node SDK, ali-oss 6.23.0:
//   sdk / sts phases: ali-oss drives ossemu (V1 and V4; virtual-hosted, IP-endpoint and
//     path-style addressing) and every call behaves as the SDK expects against OSS;
//   sign phase: for identical requests at identical instants, the Authorization that
//     sseadm's signer prints (tests/sse_sign) equals the one ali-oss's signUtils computes.
// Run by t_ali_oss.sh:  node conformance.js sdk|sts|sign  with CONF_* variables (see below).
// Prints "ok - …" / "FAIL - …" lines, then "PHASE: N passed, M failed"; exits 1 on failure.
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const { execFileSync } = require('child_process');

const env = name => {
  const v = process.env[name];
  if (v === undefined) throw new Error(`${name} is not set`);
  return v;
};
const phase = process.argv[2];
const OSS = require('ali-oss');
const signUtils = require(path.join(path.dirname(require.resolve('ali-oss')), 'common', 'signUtils.js'));

let passed = 0;
let failed = 0;
function ok(name) {
  passed++;
  console.log(`ok   - ${name}`);
}
function fail(name, why) {
  failed++;
  console.log(`FAIL - ${name}`);
  console.log(`       ${String(why && why.stack ? why.message : why).split('\n').join('\n       ')}`);
}
async function test(name, fn) {
  try {
    await fn();
    ok(name);
  } catch (e) {
    fail(name, e);
  }
}
function assert(cond, what) {
  if (!cond) throw new Error(what);
}
function eq(got, want, what) {
  assert(got === want, `${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
}
// The promise must reject the way ali-oss reports an OSS error: err.code, err.status, err.requestId.
async function rejects(promise, code, status) {
  let err = null;
  try {
    await promise;
  } catch (e) {
    err = e;
  }
  assert(err, `expected ${code} (${status}), the call succeeded`);
  eq(err.code, code, 'err.code');
  eq(err.status, status, 'err.status');
  assert(/^[0-9A-F]{24}$/.test(err.requestId || ''), `err.requestId ${err.requestId} is not 24 upper-case hex`);
  assert(err.name === `${code}Error`, `err.name ${err.name}`);
  return err;
}

function readPorts(file) {
  const ports = {};
  for (const line of fs.readFileSync(file, 'utf8').trim().split('\n')) {
    const [region, port] = line.split(' ');
    ports[region] = Number(port);
  }
  return ports;
}

// Node's resolver does not map *.localhost to loopback (curl does); this agent does, so that
// ali-oss can address buckets virtual-hosted as BUCKET.localhost:PORT.
const loopbackAgent = new http.Agent({
  keepAlive: true,
  lookup: (hostname, options, cb) => {
    if (options && options.all) cb(null, [{ address: '127.0.0.1', family: 4 }]);
    else cb(null, '127.0.0.1', 4);
  }
});

// mode: vhost — endpoint http://localhost:PORT, requests to BUCKET.localhost:PORT;
//       ip    — endpoint http://127.0.0.1:PORT; ali-oss then sends Host: BUCKET.oss-<region>.aliyuncs.com;
//       path  — sldEnable: requests to localhost:PORT/BUCKET/.
function makeClient(mode, v4, port, region, extra) {
  const opts = {
    accessKeyId: env('CONF_AK'),
    accessKeySecret: env('CONF_SECRET'),
    region: `oss-${region}`,
    authorizationV4: v4,
    secure: false,
    timeout: 15000,
    refreshSTSTokenInterval: 3600 * 1000
  };
  if (mode === 'vhost') Object.assign(opts, { endpoint: `http://localhost:${port}`, agent: loopbackAgent });
  else if (mode === 'ip') opts.endpoint = `http://127.0.0.1:${port}`;
  else Object.assign(opts, { endpoint: `http://localhost:${port}`, sldEnable: true });
  return new OSS(Object.assign(opts, extra || {}));
}

const DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';
// ali-oss cannot send KMSDataEncryption; its generic request() can (same signing, same headers).
async function putRaw(client, bucket, inner) {
  const params = client._bucketRequestParams('PUT', bucket, 'encryption', {});
  params.successStatuses = [200];
  params.mime = 'xml';
  params.content = `${DECL}<ServerSideEncryptionRule><ApplyServerSideEncryptionByDefault>${inner}</ApplyServerSideEncryptionByDefault></ServerSideEncryptionRule>`;
  return client.request(params);
}

async function listAll(client, query) {
  const names = [];
  let marker = null;
  let pages = 0;
  for (;;) {
    const q = Object.assign({}, query);
    if (marker) q.marker = marker;
    const r = await client.listBuckets(q);
    pages++;
    for (const b of r.buckets || []) names.push(b.name);
    if (!r.isTruncated) break;
    assert(r.nextMarker, 'truncated page without nextMarker');
    marker = r.nextMarker;
    assert(pages < 50, 'paging does not end');
  }
  return { names, pages };
}

const ALL = ['alpha', 'beta', 'delta', 'gamma', 'locked', 'plain', 'scratch', 'sh-archive'];

async function sdkPhase() {
  const ports = readPorts(env('CONF_PORTS'));
  const hz = ports['cn-hangzhou'];
  const sh = ports['cn-shanghai'];
  for (const mode of ['vhost', 'ip', 'path']) {
    for (const v4 of [false, true]) {
      const tag = `[${mode} V${v4 ? 4 : 1}]`;
      const c = makeClient(mode, v4, hz, 'cn-hangzhou');
      await test(`${tag} putBucketEncryption AES256 → 200`, async () => {
        const r = await c.putBucketEncryption('scratch', { SSEAlgorithm: 'AES256' });
        eq(r.status, 200, 'status');
        assert(/^[0-9A-F]{24}$/.test(r.res.headers['x-oss-request-id']), 'x-oss-request-id');
      });
      await test(`${tag} getBucketEncryption reads AES256`, async () => {
        const r = await c.getBucketEncryption('scratch');
        eq(r.status, 200, 'status');
        eq(r.encryption.SSEAlgorithm, 'AES256', 'SSEAlgorithm');
        eq(r.encryption.KMSMasterKeyID, undefined, 'KMSMasterKeyID');
      });
      await test(`${tag} KMS without KMSMasterKeyID (OSS-managed CMK)`, async () => {
        await c.putBucketEncryption('scratch', { SSEAlgorithm: 'KMS' });
        const r = await c.getBucketEncryption('scratch');
        eq(r.encryption.SSEAlgorithm, 'KMS', 'SSEAlgorithm');
        eq(r.encryption.KMSMasterKeyID, undefined, 'KMSMasterKeyID');
      });
      await test(`${tag} KMS with KMSMasterKeyID`, async () => {
        await c.putBucketEncryption('scratch', { SSEAlgorithm: 'KMS', KMSMasterKeyID: '9468da86-3509-4f8d-a61e-6eab1eac0042' });
        const r = await c.getBucketEncryption('scratch');
        eq(r.encryption.SSEAlgorithm, 'KMS', 'SSEAlgorithm');
        eq(r.encryption.KMSMasterKeyID, '9468da86-3509-4f8d-a61e-6eab1eac0042', 'KMSMasterKeyID');
      });
      await test(`${tag} SM4`, async () => {
        await c.putBucketEncryption('scratch', { SSEAlgorithm: 'SM4' });
        eq((await c.getBucketEncryption('scratch')).encryption.SSEAlgorithm, 'SM4', 'SSEAlgorithm');
      });
      await test(`${tag} KMS + KMSDataEncryption SM4 through client.request()`, async () => {
        const r = await putRaw(c, 'scratch', '<SSEAlgorithm>KMS</SSEAlgorithm><KMSMasterKeyID>cmk-sm4</KMSMasterKeyID><KMSDataEncryption>SM4</KMSDataEncryption>');
        eq(r.status, 200, 'status');
        const g = await c.getBucketEncryption('scratch');
        eq(g.encryption.KMSDataEncryption, 'SM4', 'KMSDataEncryption');
        eq(g.encryption.KMSMasterKeyID, 'cmk-sm4', 'KMSMasterKeyID');
      });
      await test(`${tag} deleteBucketEncryption → 204`, async () => {
        eq((await c.deleteBucketEncryption('scratch')).status, 204, 'status');
      });
      await test(`${tag} no rule → NoSuchServerSideEncryptionRule 404 (err.code/status/requestId/ecCode)`, async () => {
        const e = await rejects(c.getBucketEncryption('scratch'), 'NoSuchServerSideEncryptionRule', 404);
        eq(e.ecCode, '0005-00000004', 'err.ecCode');
        eq(e.message, 'The server side encryption configuration was not found', 'err.message');
      });
      await test(`${tag} missing bucket → NoSuchBucket 404`, async () => {
        const e = await rejects(c.getBucketEncryption('nosuch-bucket'), 'NoSuchBucket', 404);
        eq(e.ecCode, '0015-00000101', 'err.ecCode');
      });
      await test(`${tag} access-denied bucket → AccessDenied 403`, async () => {
        await rejects(c.putBucketEncryption('locked', { SSEAlgorithm: 'AES256' }), 'AccessDenied', 403);
      });
      await test(`${tag} SSEAlgorithm DES → InvalidEncryptionAlgorithmError 400`, async () => {
        await rejects(c.putBucketEncryption('scratch', { SSEAlgorithm: 'DES' }), 'InvalidEncryptionAlgorithmError', 400);
      });
      await test(`${tag} AES256 with KMSMasterKeyID → InvalidArgument 400`, async () => {
        const e = await rejects(c.putBucketEncryption('scratch', { SSEAlgorithm: 'AES256', KMSMasterKeyID: 'k' }), 'InvalidArgument', 400);
        eq(e.ecCode, '0005-00000204', 'err.ecCode');
      });
      await test(`${tag} listBuckets: every bucket of every region, Location per region`, async () => {
        const r = await c.listBuckets();
        eq(r.buckets.map(b => b.name).join(' '), ALL.join(' '), 'names');
        eq(r.isTruncated, false, 'isTruncated');
        eq(r.nextMarker, null, 'nextMarker');
        eq(r.owner.id, '1600000000000001', 'owner.id');
        eq(r.buckets.find(b => b.name === 'sh-archive').region, 'oss-cn-shanghai', 'sh-archive region');
        eq(r.buckets.find(b => b.name === 'gamma').storageClass, 'IA', 'gamma storageClass');
      });
      await test(`${tag} listBuckets paging with max-keys 3 and marker`, async () => {
        const first = await c.listBuckets({ 'max-keys': 3 });
        eq(first.isTruncated, true, 'first page isTruncated');
        eq(first.nextMarker, 'delta', 'first nextMarker');
        const all = await listAll(c, { 'max-keys': 3 });
        eq(all.pages, 3, 'pages');
        eq(all.names.join(' '), ALL.join(' '), 'names over all pages');
      });
      await test(`${tag} listBuckets prefix`, async () => {
        const r = await c.listBuckets({ prefix: 's' });
        eq(r.buckets.map(b => b.name).join(' '), 'scratch sh-archive', 'names');
      });
      await test(`${tag} wrong secret → SignatureDoesNotMatch 403`, async () => {
        const bad = makeClient(mode, v4, hz, 'cn-hangzhou', { accessKeySecret: 'not-the-secret' });
        const e = await rejects(bad.getBucketEncryption('alpha'), 'SignatureDoesNotMatch', 403);
        eq(e.ecCode, v4 ? '0002-00000201' : '0002-00000040', 'err.ecCode');
      });
      await test(`${tag} unknown AccessKeyId → InvalidAccessKeyId 403`, async () => {
        const bad = makeClient(mode, v4, hz, 'cn-hangzhou', { accessKeyId: 'LTAI5tNobodyKnowsMe' });
        await rejects(bad.listBuckets(), 'InvalidAccessKeyId', 403);
      });
      await test(`${tag} bucket of another region → AccessDenied naming its endpoint; its own region answers`, async () => {
        await rejects(c.getBucketEncryption('sh-archive'), 'AccessDenied', 403);
        const s = makeClient(mode, v4, sh, 'cn-shanghai');
        eq((await s.getBucketEncryption('sh-archive')).encryption.SSEAlgorithm, 'KMS', 'SSEAlgorithm');
      });
    }
  }
}

async function stsPhase() {
  const ports = readPorts(env('CONF_PORTS'));
  const hz = ports['cn-hangzhou'];
  const token = env('CONF_TOKEN');
  for (const mode of ['vhost', 'ip']) {
    for (const v4 of [false, true]) {
      const tag = `[STS ${mode} V${v4 ? 4 : 1}]`;
      const c = makeClient(mode, v4, hz, 'cn-hangzhou', { stsToken: token });
      await test(`${tag} stsToken: put, get, delete, list`, async () => {
        eq((await c.putBucketEncryption('scratch', { SSEAlgorithm: 'KMS', KMSMasterKeyID: 'sts-cmk' })).status, 200, 'put');
        eq((await c.getBucketEncryption('scratch')).encryption.KMSMasterKeyID, 'sts-cmk', 'get');
        eq((await c.deleteBucketEncryption('scratch')).status, 204, 'delete');
        eq((await c.listBuckets({ 'max-keys': 2 })).buckets.length, 2, 'list');
      });
      await test(`${tag} without the token → InvalidSecurityToken 403`, async () => {
        await rejects(makeClient(mode, v4, hz, 'cn-hangzhou').getBucketEncryption('alpha'), 'InvalidSecurityToken', 403);
      });
      await test(`${tag} wrong token → InvalidSecurityToken 403`, async () => {
        const bad = makeClient(mode, v4, hz, 'cn-hangzhou', { stsToken: `${token}x` });
        await rejects(bad.getBucketEncryption('alpha'), 'InvalidSecurityToken', 403);
      });
    }
  }
}

// --- sign phase: sse_sign's Authorization vs ali-oss signUtils for the same request --------------

function runSseSign(args, creds) {
  const out = execFileSync(env('CONF_SSE_SIGN'), args, {
    env: Object.assign({}, process.env, {
      OSS_ACCESS_KEY_ID: creds.ak,
      OSS_ACCESS_KEY_SECRET: creds.secret,
      OSS_SESSION_TOKEN: creds.token || ''
    }),
    encoding: 'utf8'
  });
  const req = { headers: {}, body: null };
  for (const line of out.split('\n')) {
    if (!line) continue;
    const i = line.indexOf(': ');
    const k = line.slice(0, i);
    const v = line.slice(i + 2);
    if (k === 'URL') req.url = v;
    else if (k === 'Method') req.method = v;
    else if (k === 'Body') req.body = v;
    else req.headers[k] = v;
  }
  return req;
}

function queriesOf(url) {
  const q = {};
  const i = url.indexOf('?');
  if (i < 0) return q;
  for (const part of url.slice(i + 1).split('&')) {
    if (!part) continue;
    const eqAt = part.indexOf('=');
    if (eqAt < 0) q[decodeURIComponent(part)] = null; // a bare sub-resource, as ali-oss passes it
    else q[decodeURIComponent(part.slice(0, eqAt))] = decodeURIComponent(part.slice(eqAt + 1));
  }
  return q;
}

// What ali-oss's createRequest() would compute for this request.
function aliOssAuthorization(req, bucket, region, creds, sigver) {
  const headers = Object.assign({}, req.headers);
  delete headers.Authorization;
  const queries = queriesOf(req.url);
  if (sigver === 4) {
    return signUtils.authorizationV4(creds.ak, creds.secret, region, req.method, { headers, queries }, bucket || undefined);
  }
  // V1: resource /bucket/ (any addressing) and the sub-resources ali-oss passes as `subres`
  const resource = bucket ? `/${bucket}/` : '/';
  const subres = 'encryption' in queries ? 'encryption' : {};
  const canonical = signUtils.buildCanonicalString(req.method, resource, { headers, parameters: subres });
  return signUtils.authorization(creds.ak, creds.secret, canonical);
}

async function signPhase() {
  const port = Number(env('CONF_PORT'));
  const base = { ak: 'LTAI5tConformanceKey01', secret: 'ConformanceSecret/+=0123456789abc' };
  const sts = Object.assign({}, base, { token: 'CAISconformance+Token/==' });
  const ops = [
    ['get', []],
    ['put AES256', ['--algorithm', 'AES256']],
    ['put KMS', ['--algorithm', 'KMS']],
    ['put KMS+CMK', ['--algorithm', 'KMS', '--kms-key-id', '9468da86-3509-4f8d-a61e-6eab1eac****']],
    ['put KMS+CMK+SM4', ['--algorithm', 'KMS', '--kms-key-id', 'cmk-1', '--data-enc', 'SM4']],
    ['put SM4', ['--algorithm', 'SM4']],
    ['delete', []],
    ['list', []],
    ['list prefix+max-keys', ['--prefix', 'ex', '--max-keys', '100']],
    ['list marker (encoded)', ['--marker', 'my bucket/+*~', '--max-keys', '1000']]
  ];
  const instants = [1735787045, Math.floor(Date.now() / 1000)];
  for (const when of instants) {
    for (const [name, extra] of ops) {
      const op = name.split(' ')[0];
      for (const sigver of [1, 4]) {
        for (const creds of [base, sts]) {
          for (const style of op === 'list' ? ['service'] : ['virtual', 'path']) {
            for (const region of op === 'list' ? ['cn-hangzhou', 'ap-southeast-1'] : ['cn-hangzhou']) {
              const bucket = op === 'list' ? null : 'examplebucket';
              const tag = `${name} V${sigver}${creds.token ? ' STS' : ''} ${style}${region !== 'cn-hangzhou' ? ` ${region}` : ''} @${when}`;
              await test(`sign: ${tag}: sse_sign Authorization = ali-oss signUtils`, async () => {
                const args = ['--op', op, '--endpoint', `http://localhost:${port}`, '--region', region,
                  '--sigver', String(sigver), '--time', String(when)].concat(extra);
                if (bucket) args.push('--bucket', bucket);
                if (style === 'path') args.push('--path-style');
                const req = runSseSign(args, creds);
                const ours = req.headers.Authorization;
                const theirs = aliOssAuthorization(req, bucket, region, creds, sigver);
                assert(ours === theirs, `sse_sign: ${ours}\n  ali-oss:  ${theirs}\n  request: ${JSON.stringify(req)}`);
              });
            }
          }
        }
      }
    }
  }
}

(async () => {
  try {
    if (phase === 'sdk') await sdkPhase();
    else if (phase === 'sts') await stsPhase();
    else if (phase === 'sign') await signPhase();
    else throw new Error('usage: node conformance.js sdk|sts|sign');
  } catch (e) {
    fail(`${phase} phase`, e);
  }
  loopbackAgent.destroy();
  console.log(`${phase}: ${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
})();
