// A real OpenID Connect provider for the single sign-on tests: panva's certified oidc-provider, on a free
// loopback port, with the clients and test accounts the test gives in OIDC_PROVIDER_CONFIG (JSON):
//
//   {"clients": [{"client_id", "client_secret", "redirect_uris": [...]}],
//    "accounts": {"<login>": {"password": "...", "sub": "...", "acr": "...", "claims": {...}}}}
//
// Its own login and consent pages (plain HTML forms) check the account's password; PKCE is required.
// When listening it prints one JSON line to stdout: {"issuer": "http://127.0.0.1:<port>"}.

import * as crypto from 'node:crypto';
import * as http from 'node:http';
import { once } from 'node:events';

import Provider from 'oidc-provider';

const config = JSON.parse(process.env.OIDC_PROVIDER_CONFIG || '{}');
const accounts = config.accounts || {};
const ACR_VALUES = ['idporten-loa-low', 'idporten-loa-substantial', 'idporten-loa-high'];

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head>`
    + `<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;
}

function loginForm(uid, error = '') {
  return page('Municipality login', `
    ${error ? `<p role="alert" id="error">${escape(error)}</p>` : ''}
    <form method="post" action="/interaction/${uid}/login">
      <label for="login">Username</label> <input id="login" name="login" autocomplete="username" required>
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required>
      <button type="submit">Sign in</button>
    </form>
    <p><a href="/interaction/${uid}/abort">Cancel</a></p>`);
}

function consentForm(uid, clientId) {
  return page('Allow access', `
    <p>${escape(clientId)} asks to know who you are.</p>
    <form method="post" action="/interaction/${uid}/confirm"><button type="submit">Continue</button></form>
    <p><a href="/interaction/${uid}/abort">Cancel</a></p>`);
}

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function send(res, status, html) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

async function interaction(provider, req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return send(res, 400, page('Error', '<p>Unknown interaction.</p>'));
  const { prompt, params, session } = details;
  if (req.method === 'GET' && !action) {
    if (prompt.name === 'login') return send(res, 200, loginForm(uid));
    return send(res, 200, consentForm(uid, params.client_id));
  }
  if (req.method === 'GET' && action === 'abort') {
    return provider.interactionFinished(req, res, {
      error: 'access_denied', error_description: 'The user cancelled the login.',
    }, { mergeWithLastSubmission: false });
  }
  if (req.method === 'POST' && action === 'login') {
    const form = await readForm(req);
    const login = form.get('login') || '';
    const account = Object.hasOwn(accounts, login) ? accounts[login] : null;
    if (!account || account.password !== form.get('password')) {
      return send(res, 200, loginForm(uid, 'Wrong username or password.'));
    }
    const result = { login: { accountId: login } };
    if (account.acr) result.login.acr = account.acr;
    return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
  }
  if (req.method === 'POST' && action === 'confirm') {
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
    if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    const grantId = await grant.save();
    return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }
  return send(res, 404, page('Not found', ''));
}

const server = http.createServer();
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const issuer = `http://127.0.0.1:${server.address().port}`;

const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const provider = new Provider(issuer, {
  clients: (config.clients || []).map((client) => ({
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
    ...client,
  })),
  jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' }] },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  pkce: { required: () => true },
  acrValues: ACR_VALUES,
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'preferred_username', 'oid'],
  },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, details) => `/interaction/${details.uid}` },
  async findAccount(ctx, id) {
    if (!Object.hasOwn(accounts, id)) return undefined;
    const account = accounts[id];
    return {
      accountId: id,
      async claims() {
        return { sub: account.sub || id, ...(account.claims || {}) };
      },
    };
  },
  renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page('Error', `<p id="error">${escape(out.error)}: ${escape(out.error_description || '')}</p>`);
  },
});
const callback = provider.callback();

server.on('request', (req, res) => {
  const match = /^\/interaction\/([^/?]+)(?:\/(login|confirm|abort))?\/?(?:\?.*)?$/.exec(req.url);
  if (!match) return callback(req, res);
  return interaction(provider, req, res, match[1], match[2]).catch((error) => {
    send(res, 500, page('Error', `<p id="error">${escape(error.message)}</p>`));
  });
});

process.stdout.write(`${JSON.stringify({ issuer })}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
