// A real OpenID Connect provider for the sign-on tests (tests/e2e/test_sso.py), on loopback.
// Accounts and their groups are read from ACCOUNTS_FILE at every sign-in, so a test can
// change a person's groups "at the provider" by rewriting that file.
// Environment: PORT, ACCOUNTS_FILE, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, POST_LOGOUT_URI.
import fs from 'node:fs';
import http from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const readAccounts = () => JSON.parse(fs.readFileSync(process.env.ACCOUNTS_FILE, 'utf8'));
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.CLIENT_ID,
    client_secret: process.env.CLIENT_SECRET,
    redirect_uris: [process.env.REDIRECT_URI],
    post_logout_redirect_uris: [process.env.POST_LOGOUT_URI],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  jwks: { keys: [privateKey.export({ format: 'jwk' })] },
  cookies: { keys: ['test-provider-cookie-key'] },
  claims: {
    openid: ['sub'],
    email: ['email'],
    profile: ['preferred_username', 'given_name', 'family_name', 'groups', 'department'],
  },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      // End the session without the provider's own "Do you want to sign out?" page.
      logoutSource: async (ctx, form) => {
        ctx.body = `<!DOCTYPE html><html lang="en"><head><title>Logout</title></head><body>${form}
          <script>document.forms[0].insertAdjacentHTML('beforeend','<input type="hidden" name="logout" value="yes">');document.forms[0].submit();</script></body></html>`;
      },
    },
  },
  pkce: { required: () => false },
  ttl: { AccessToken: 3600, AuthorizationCode: 60, IdToken: 3600, Grant: 3600, Interaction: 600, Session: 8 * 3600 },
  findAccount: async (ctx, id) => {
    const account = readAccounts()[id];
    if (!account) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...account.claims }) };
  },
  // First-party client: no consent screen.
  loadExistingGrant: async (ctx) => {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    grant.addOIDCClaims(['preferred_username', 'given_name', 'family_name', 'groups', 'department', 'email']);
    await grant.save();
    return grant;
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
});

const readBody = (req) => new Promise((resolve) => {
  let data = '';
  req.on('data', (chunk) => { data += chunk; });
  req.on('end', () => resolve(new URLSearchParams(data)));
});

const page = (res, html, status = 200) => {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(`<!DOCTYPE html><html lang="nl"><head><title>Provincie – inloggen (test)</title></head><body>${html}</body></html>`);
};

const callback = provider.callback();
http.createServer(async (req, res) => {
  const match = req.url.match(/^\/interaction\/([\w-]+)(\/login)?/);
  if (!match) return callback(req, res);
  try {
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'POST' && match[2]) {
      const form = await readBody(req);
      const login = form.get('login');
      const account = readAccounts()[login];
      if (!account || account.password !== form.get('password')) {
        return page(res, `<p id="fout">Onbekende gebruiker of wachtwoord.</p>`, 400);
      }
      return provider.interactionFinished(req, res, {
        login: { accountId: login, amr: account.amr || ['pwd'], acr: account.acr },
      }, { mergeWithLastSubmission: false });
    }
    return page(res, `<h1>Provincie: inloggen</h1>
      <form method="post" action="/interaction/${escape(details.uid)}/login">
        <label for="login">Gebruikersnaam</label><input id="login" name="login">
        <label for="password">Wachtwoord</label><input id="password" name="password" type="password">
        <button type="submit">Inloggen bij de provincie</button>
      </form>`);
  } catch (error) {
    return page(res, `<p>${escape(error.message)}</p>`, 400);
  }
}).listen(port, '127.0.0.1', () => console.log(`oidc test provider on ${issuer}`));
