// alioss_report.js — the official Node SDK (ali-oss) doing what `sseadm report` does: read every
// bucket's encryption rule with at most C requests in flight, then print one TSV line per bucket.
// A small promise pool keeps C calls running; NoSuchServerSideEncryptionRule counts as "none".
//
// usage: node alioss_report.js --port N --buckets N [--concurrency 64] [--addressing path|virtual]
//                              [--signature 1|4] [--region cn-hangzhou] [--ak ID --sk SECRET]
// Buckets are bucket-00001 … (as `ossemu --generate N` makes them). The TSV goes to stdout; one
// JSON summary line (counts and wall seconds) goes to stderr. Exit status 1 when any call failed.
'use strict';
const http = require('http');
const OSS = require('ali-oss');

function parseArgs(argv) {
  const o = { concurrency: 64, addressing: 'path', signature: 4, region: 'cn-hangzhou',
              ak: process.env.OSS_ACCESS_KEY_ID || '', sk: process.env.OSS_ACCESS_KEY_SECRET || '' };
  for (let i = 0; i < argv.length; i += 2) {
    const k = argv[i].replace(/^--/, ''), v = argv[i + 1];
    if (v === undefined) throw new Error(`${argv[i]} needs a value`);
    o[k] = ['port', 'buckets', 'concurrency', 'signature'].includes(k) ? Number(v) : v;
  }
  if (!o.port || !o.buckets) throw new Error('--port and --buckets are required');
  return o;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  // ali-oss's default agent is a shared agentkeepalive with Node's default maxSockets; give it
  // the same cap as sseadm's concurrency, with connections kept alive between requests.
  const agentOpts = { keepAlive: true, maxSockets: o.concurrency, maxFreeSockets: o.concurrency };
  if (o.addressing === 'virtual') {
    // BUCKET.localhost does not resolve through getaddrinfo here; curl maps *.localhost to the
    // loopback itself, so do the same for Node.
    agentOpts.lookup = (host, opts, cb) =>
      opts && opts.all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4);
  }
  const agent = new http.Agent(agentOpts);
  const client = new OSS({
    region: `oss-${o.region}`,
    accessKeyId: o.ak,
    accessKeySecret: o.sk,
    endpoint: `http://localhost:${o.port}`,
    // sldEnable: path style, http://localhost:PORT/BUCKET/?encryption; otherwise ali-oss puts
    // the bucket in the host name (virtual-hosted), BUCKET.localhost:PORT.
    sldEnable: o.addressing === 'path',
    authorizationV4: o.signature === 4,
    agent,
    timeout: 30000,
  });

  const names = [];
  for (let i = 1; i <= o.buckets; i++) names.push(`bucket-${String(i).padStart(5, '0')}`);
  const rows = new Array(names.length);
  const counts = { ok: 0, none: 0, error: 0 };
  let next = 0;
  async function lane() {
    while (next < names.length) {
      const i = next++;
      const name = names[i];
      try {
        const r = await client.getBucketEncryption(name);
        const e = r.encryption || {};
        rows[i] = [name, e.SSEAlgorithm || '', e.KMSMasterKeyID || '', e.KMSDataEncryption || '', 'ok'];
        counts.ok++;
      } catch (err) {
        if (err && err.code === 'NoSuchServerSideEncryptionRule') {
          rows[i] = [name, 'none', '', '', 'ok'];
          counts.none++;
        } else {
          rows[i] = [name, '', '', '', `${(err && err.code) || 'Error'}: ${(err && err.message) || err}`];
          counts.error++;
          if (counts.error <= 3) process.stderr.write(`alioss_report: ${name}: ${rows[i][4]}\n`);
        }
      }
    }
  }
  const t0 = process.hrtime.bigint();
  const lanes = [];
  for (let k = 0; k < Math.min(o.concurrency, names.length); k++) lanes.push(lane());
  await Promise.all(lanes);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  process.stdout.write(rows.map(r => r.join('\t')).join('\n') + '\n');
  process.stderr.write(JSON.stringify({ alioss_summary: true, buckets: names.length,
                                        ok: counts.ok, none: counts.none, errors: counts.error,
                                        wall_s: wall }) + '\n');
  agent.destroy();
  process.exitCode = counts.error ? 1 : 0;
}

main().catch(e => { process.stderr.write(`alioss_report: ${e.stack || e}\n`); process.exit(2); });
