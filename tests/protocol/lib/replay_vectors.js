// replay_vectors.js — sends the header-mode signing vectors to a running ossemu, exactly as written
// in the vector file (headers, Host, query, body, expected Authorization), and prints one line per
// vector: "ID STATUS CODE". Proves ossemu's verifiers against vectors that three other
// implementations (including ali-oss) reproduced, without sharing any code with sseadm's signer.
//
// usage: node replay_vectors.js VECTORS.json PORTS_FILE sts|plain [exact|spaced|py1]
//   sts|plain   replay only the vectors with (sts) or without (plain) an x-oss-security-token
//   exact       the Authorization as in the file; spaced: ", " between V4 fields (the doc's
//               form); py1: V4 fields in oss2's order "Credential, Signature, AdditionalHeaders"
'use strict';
const fs = require('fs');
const http = require('http');

const [file, portsFile, which, variant = 'exact'] = process.argv.slice(2);
const vectors = JSON.parse(fs.readFileSync(file, 'utf8')).vectors;
const ports = {};
for (const line of fs.readFileSync(portsFile, 'utf8').trim().split('\n')) {
  const [region, port] = line.split(' ');
  ports[region] = Number(port);
}

function enc(s) {
  return encodeURIComponent(s).replace(/[!'()*]/g, c => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

function authorization(v) {
  const a = v.expected_authorization;
  if (v.signature_version !== 'v4' || variant === 'exact') return a;
  const fields = a.slice('OSS4-HMAC-SHA256 '.length).split(',');
  if (variant === 'spaced') return 'OSS4-HMAC-SHA256 ' + fields.join(', ');
  const get = k => fields.find(f => f.startsWith(k + '='));
  const order = [get('Credential'), get('Signature'), get('AdditionalHeaders')].filter(Boolean);
  return 'OSS4-HMAC-SHA256 ' + order.join(', ');
}

function send(v) {
  return new Promise(resolve => {
    const headers = Object.assign({}, v.headers);
    const hasToken = Object.keys(headers).some(h => h.toLowerCase() === 'x-oss-security-token');
    if ((which === 'sts') !== hasToken) return resolve(null);
    if (!Object.keys(headers).some(h => h.toLowerCase() === 'host')) headers.Host = v.host;
    headers.Authorization = authorization(v);
    const query = (v.query || []).map(([k, val]) => (val === null ? enc(k) : enc(k) + '=' + enc(val))).join('&');
    const path = (v.path || '/') + (query ? '?' + query : '');
    const port = ports[v.region || 'cn-hangzhou'];
    const body = v.body ? Buffer.from(v.body, 'utf8') : null;
    if (body) headers['Content-Length'] = body.length;
    const req = http.request({ host: '127.0.0.1', port, method: v.method, path, headers, setHost: false }, res => {
      let data = '';
      res.on('data', d => (data += d));
      res.on('end', () => {
        const m = /<Code>([^<]*)<\/Code>/.exec(data);
        resolve(`${v.id} ${res.statusCode} ${m ? m[1] : '-'}`);
      });
    });
    req.on('error', e => resolve(`${v.id} 000 ${e.code}`));
    if (body) req.write(body);
    req.end();
  });
}

(async () => {
  for (const v of vectors) {
    if (v.mode !== 'header') continue;
    const line = await send(v);
    if (line) console.log(line);
  }
})();
