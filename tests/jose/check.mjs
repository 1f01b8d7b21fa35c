// The JOSE cross-check, run by tests/run.sh: node tests/jose/check.mjs DIR
// DIR holds what build/tests/jose/jose_helper wrote with proto/jws.c and
// proto/jcs.c. jose checks our signatures (and refuses altered ones), the
// RFC 8785 authors' canonicalize checks our canonical JSON, and jose signs
// DIR/node.jws for jose_helper to verify in turn.
import { readFileSync, writeFileSync } from 'node:fs';
import * as jose from 'jose';
import canonicalize from 'canonicalize';

const dir = process.argv[2];
const read = (name) => readFileSync(`${dir}/${name}`, 'utf8');
const b64 = (text) => Buffer.from(text, 'utf8').toString('base64url');
let passed = 0;
let failed = 0;

function check(name, ok) {
  console.log(`${ok ? 'ok' : 'FAIL'} - ${name}`);
  if (ok) passed++;
  else failed++;
}

// Whether a verification throws, as it must for an altered JWS.
async function refuses(fn) {
  try {
    await fn();
    return false;
  } catch {
    return true;
  }
}

const key = await jose.importJWK(JSON.parse(read('key.jwk')), 'EdDSA');
const payload = read('payload.json');
const compact = read('compact.jws');
const [h, empty, s] = read('detached.jws').split('.');

const v1 = await jose.compactVerify(compact, key);
check('jose verifies our compact JWS', new TextDecoder().decode(v1.payload) === payload);
check('its header is alg EdDSA, typ yg-tally, kid ed25519:…',
  v1.protectedHeader.alg === 'EdDSA' && v1.protectedHeader.typ === 'yg-tally' &&
  v1.protectedHeader.kid.startsWith('ed25519:'));
const v2 = await jose.flattenedVerify({ protected: h, payload: b64(payload), signature: s }, key);
check('jose verifies our detached JWS with the payload given', empty === '' &&
  new TextDecoder().decode(v2.payload) === payload);
check('jose refuses an altered payload', await refuses(() =>
  jose.flattenedVerify({ protected: h, payload: b64(payload.replace('20', '21')), signature: s }, key)));
const parts = compact.split('.');
const flipped = parts[2][0] === 'A' ? 'B' + parts[2].slice(1) : 'A' + parts[2].slice(1);
check('jose refuses an altered signature', await refuses(() =>
  jose.compactVerify(`${parts[0]}.${parts[1]}.${flipped}`, key)));
const other = await jose.generateKeyPair('EdDSA', { crv: 'Ed25519' });
check('jose refuses our JWS under another key', await refuses(() =>
  jose.compactVerify(compact, other.publicKey)));

check('canonicalize agrees with our payload', canonicalize(JSON.parse(payload)) === payload);
check('canonicalize agrees with our numbers (4000 doubles)',
  canonicalize(JSON.parse(read('numbers.json'))) === read('numbers.jcs'));

const doc = { by: 'jose', n: [1, 2.5, 1e21], s: '阳光\n' };
const mine = await jose.generateKeyPair('EdDSA', { crv: 'Ed25519' });
const signed = await new jose.CompactSign(new TextEncoder().encode(canonicalize(doc)))
  .setProtectedHeader({ alg: 'EdDSA' }).sign(mine.privateKey);
writeFileSync(`${dir}/node.jws`, signed);
writeFileSync(`${dir}/node.jwk`, JSON.stringify(await jose.exportJWK(mine.publicKey)));

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
