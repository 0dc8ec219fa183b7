// tests/secrets/corpus.mjs: the corpus of the plaintext-secret rule (E013), and a scanner with the same patterns.
//
// THIS FILE HOLDS NO SECRET-SHAPED LITERAL. Every must-reject value is assembled at run time from short parts
// (prefixes split in two, so `AK` + `IA` never stands as one word in the source) and from a seeded PRNG, so no
// secret scanner (gitleaks, trufflehog, GitHub push protection) finds anything here, and none of them is a real
// credential: the random parts come from mulberry32 with a fixed seed. The scanner's regular expressions are
// assembled from parts in the same way. tests/secrets/run.sh scans this directory with them to keep it so.

// Seeded PRNG (mulberry32): the corpus is the same on every run.
export function mulberry32(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGIT = '0123456789';
const ALNUM = UPPER + LOWER + DIGIT;
const B64 = ALNUM + '+/';
const B64URL = ALNUM + '-_';
const HEXL = '0123456789abcdef';
const B32 = UPPER + '234567';
const BECH32 = [...UPPER + DIGIT].filter((c) => !'1BIO'.includes(c)).join(''); // bech32, upper-case
const HEXMIXED = HEXL + 'ABCDEF';

const j = (...parts) => parts.join(''); // assembles a prefix from parts

export function makeCorpus(seed = 4242) {
	const rand = mulberry32(seed);
	// n characters of an alphabet; with every class of a mixed alphabet present, as real keys nearly always are.
	const chars = (alphabet, n) => {
		for (;;) {
			let s = '';
			for (let i = 0; i < n; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
			const classes = [UPPER, LOWER, DIGIT].filter((c) => [...alphabet].some((x) => c.includes(x)));
			if (n < 12 || classes.every((c) => [...s].some((x) => c.includes(x)))) return s;
		}
	};
	const bytes = (n) => Buffer.from(Array.from({ length: n }, () => Math.floor(rand() * 256)));
	const b64 = (buf) => buf.toString('base64');
	const b64url = (x) => Buffer.from(x).toString('base64url');
	const digits = (n) => chars(DIGIT, n);
	const plain = () => chars(LOWER, 8) + chars(DIGIT, 4); // no shape of its own: only its key says secret
	const pw = () => chars(ALNUM, 6) + '!' + chars(ALNUM, 5) + '#' + chars(ALNUM, 4);
	const pemBody = (n, sep) => b64(bytes(n)).match(/.{1,64}/g).join(sep);
	const pem = (label, n, sep) => j('-----', 'BEGIN ', label, '-----', sep, pemBody(n, sep), sep, '-----', 'END ', label, '-----');
	const PRIV = j('PRIV', 'ATE KEY');
	const jwt = (alg, claims, sigBytes) =>
		[b64url(JSON.stringify({ alg, typ: 'JWT' })), b64url(JSON.stringify(claims)), Buffer.from(bytes(sigBytes)).toString('base64url')].join('.');

	const reject = [
		['AWS access key id', j('AK', 'IA') + chars(UPPER + '234567', 16)],
		['AWS temporary access key id', j('AS', 'IA') + chars(UPPER + '234567', 16)],
		['AWS access key id in a key=value line', 'aws_access_key_id=' + j('AK', 'IA') + chars(UPPER + DIGIT, 16)],
		['AWS secret access key (40 chars)', chars(B64, 40)],
		['AWS secret access key (40 chars, second)', chars(B64, 40)],
		['AWS secret access key in a key=value line', 'aws_secret_access_key = ' + chars(B64, 40)],
		['AWS session token', 'Fwo' + j('GZXIv', 'YXdzE') + chars(B64, 300)],
		['GCP API key', j('AI', 'za') + 'Sy' + chars(B64URL, 33)],
		['GCP API key in a URL', 'https://maps.googleapis.com/maps/api/geocode/json?address=x&key=' + j('AI', 'za') + 'Sy' + chars(B64URL, 33)],
		['GCP service-account JSON with its private key', JSON.stringify({
			type: 'service_account', project_id: 'demo-project', private_key_id: chars(HEXL, 40),
			[j('private', '_key')]: pem(PRIV, 900, '\n') + '\n', client_email: 'app@demo-project.iam.gserviceaccount.com',
		})],
		['GCP service-account JSON fragment: the private_key field', j('"private', '_key"') + ': "' + pem(PRIV, 600, '\\n') + '\\n"'],
		['Google OAuth client secret', j('GOC', 'SPX-') + chars(B64URL, 28)],
		['Google OAuth refresh token', '1//0' + chars(B64URL, 98)],
		['GitHub personal access token (classic)', j('gh', 'p_') + chars(ALNUM, 36)],
		['GitHub OAuth token', j('gh', 'o_') + chars(ALNUM, 36)],
		['GitHub user-to-server token', j('gh', 'u_') + chars(ALNUM, 36)],
		['GitHub server-to-server token', j('gh', 's_') + chars(ALNUM, 36)],
		['GitHub refresh token', j('gh', 'r_') + chars(ALNUM, 36)],
		['GitHub fine-grained token', j('github', '_pat_') + chars(ALNUM, 22) + '_' + chars(ALNUM, 59)],
		['GitHub token in a clone URL', 'https://x-access-token:' + j('gh', 's_') + chars(ALNUM, 36) + '@github.com/acme/app.git'],
		['GitLab personal access token', j('gl', 'pat-') + chars(B64URL, 20)],
		['Slack bot token', j('xo', 'xb-') + digits(12) + '-' + digits(13) + '-' + chars(ALNUM, 24)],
		['Slack user token', j('xo', 'xp-') + digits(12) + '-' + digits(12) + '-' + digits(13) + '-' + chars(HEXL, 32)],
		['Slack app-level token', j('xa', 'pp-') + '1-A' + chars(UPPER + DIGIT, 10) + '-' + digits(13) + '-' + chars(HEXL, 64)],
		['Slack incoming webhook URL', j('https://hooks.', 'slack.com/services/') + 'T' + chars(UPPER + DIGIT, 8) + '/B' + chars(UPPER + DIGIT, 10) + '/' + chars(ALNUM, 24)],
		['Discord webhook URL', 'https://discord.com/api/webhooks/' + digits(18) + '/' + chars(B64URL, 68)],
		['Stripe live secret key', j('sk', '_live_') + chars(ALNUM, 24)],
		['Stripe live restricted key', j('rk', '_live_') + chars(ALNUM, 24)],
		['Stripe test secret key', j('sk', '_test_') + chars(ALNUM, 24)],
		['Stripe webhook signing secret', j('wh', 'sec_') + chars(ALNUM, 32)],
		['OpenAI-style API key', j('sk', '-') + chars(ALNUM, 48)],
		['OpenAI project key', j('sk', '-proj-') + chars(B64URL, 120)],
		['Anthropic-style API key', j('sk', '-ant-api03-') + chars(B64URL, 93) + 'AA'],
		['SendGrid API key', j('S', 'G.') + chars(B64URL, 22) + '.' + chars(B64URL, 43)],
		['Twilio API key (SK and 32 hex digits)', j('S', 'K') + chars(HEXL, 32)],
		['Mailgun API key', j('ke', 'y-') + chars(HEXL, 32)],
		['npm access token', j('np', 'm_') + chars(ALNUM, 36)],
		['PyPI upload token', j('pyp', 'i-') + 'AgEIcHlwaS5vcmc' + chars(B64URL, 140)],
		['HashiCorp Vault service token', j('hv', 's.') + 'CAESI' + chars(B64URL, 90)],
		['DigitalOcean personal access token', j('dop', '_v1_') + chars(HEXL, 64)],
		['Shopify access token', j('shp', 'at_') + chars(HEXL, 32)],
		['age secret key', j('AGE-SECRET', '-KEY-1') + chars(BECH32, 58)],
		['Telegram bot token', digits(10) + ':AA' + chars(B64URL, 33)],
		['Azure storage connection string', 'DefaultEndpointsProtocol=https;AccountName=demoacct;' + j('Account', 'Key=') + b64(bytes(64)) + ';EndpointSuffix=core.windows.net'],
		['Azure SAS token', 'sv=2022-11-02&ss=b&srt=sco&sp=rwdlac&se=2030-01-01T00:00:00Z&st=2024-01-01T00:00:00Z&spr=https&' + j('si', 'g=') + encodeURIComponent(b64(bytes(32)))],
		['HTTP basic credentials', j('Bas', 'ic ') + b64(Buffer.from('deploy:' + pw()))],
		['JWT (HS256)', jwt('HS256', { sub: digits(10), name: 'demo', iat: 1700000000 }, 32)],
		['JWT (RS256)', jwt('RS256', { iss: 'https://issuer.example.com', sub: chars(ALNUM, 20), aud: 'api', exp: 1900000000 }, 256)],
		['JWT as a bearer header', j('Bear', 'er ') + jwt('HS256', { sub: digits(6) }, 32)],
		['PEM RSA private key, one line with \\n escapes', pem(j('RSA ', PRIV), 1190, '\\n')],
		['PEM EC private key, one line with \\n escapes', pem(j('EC ', PRIV), 121, '\\n')],
		['PEM OpenSSH private key, one line with \\n escapes', pem(j('OPENSSH ', PRIV), 400, '\\n')],
		['PEM PKCS#8 private key, one line with \\n escapes', pem(PRIV, 1210, '\\n')],
		['PEM encrypted private key, one line with \\n escapes', pem(j('ENCRYPTED ', PRIV), 1250, '\\n')],
		['PEM DSA private key, one line with \\n escapes', pem(j('DSA ', PRIV), 440, '\\n')],
		['PGP private key block, one line with \\n escapes', pem(j('PGP ', PRIV, ' BLOCK'), 900, '\\n')],
		['PEM RSA private key with real line breaks', pem(j('RSA ', PRIV), 1190, '\n')],
		['PEM OpenSSH private key with real line breaks', pem(j('OPENSSH ', PRIV), 400, '\n')],
		['postgres URL with a password', 'postgres://app:' + pw() + '@db.internal:5432/app'],
		['postgresql URL with a password and options', 'postgresql://reactbin:' + chars(ALNUM, 24) + '@postgres.reactbin.svc:5432/reactbin?sslmode=require'],
		['mysql URL with a password', 'mysql://root:' + pw() + '@mysql:3306/app'],
		['redis URL with a password and no user', 'redis://:' + chars(ALNUM, 20) + '@redis:6379/0'],
		['rediss URL with user and password', 'rediss://default:' + chars(ALNUM, 32) + '@cache.example.com:6380'],
		['amqp URL with the guest password', 'amqp://guest' + ':' + 'guest@rabbitmq:5672/'],
		['amqps URL with a password', 'amqps://orders:' + pw() + '@mq.example.com/orders'],
		['https URL with a password', 'https://deploy:' + pw() + '@git.example.com/acme/app.git'],
		['mongodb+srv URL with a password', 'mongodb+srv://admin:' + chars(ALNUM, 16) + '@cluster0.ab1cd.mongodb.net/app?retryWrites=true'],
		['ftp URL with a password', 'ftp://upload:' + pw() + '@ftp.example.com/incoming'],
		['JDBC URL with a password parameter', 'jdbc:postgresql://db:5432/app?user=app&' + j('pass', 'word=') + pw()],
		['libpq key/value string with a password', 'host=db port=5432 dbname=app user=app ' + j('pass', 'word=') + pw()],
		['long random base64 (64 characters)', b64(bytes(48))],
		['random base64 with padding (32-byte key)', b64(bytes(32))],
		['random base64url (session secret)', bytes(48).toString('base64url')],
		['hex with mixed case (40 chars)', chars(HEXMIXED, 40)],
		['hex with mixed case (64 chars)', chars(HEXMIXED, 64)],
		['random alphanumeric API key (32 chars)', chars(ALNUM, 32)],
		['random alphanumeric API key (24 chars)', chars(ALNUM, 24)],
		['Django-style secret key with punctuation', chars(LOWER + DIGIT + '!@#$%^&*(-_=+)', 50)],
		// Issue 8: an ordinary-looking password that only the key next to it gives away, inside a larger value.
		['secret-named key in a JSON value', j('{"db_', 'password": "') + plain() + '", "host": "db"}'],
		['secret-named key in single-quoted JSON', j("{'client_", "secret': '") + plain() + "'}"],
		['secret-named key=value among others', 'user=app ' + j('db_', 'pass=') + plain() + ' sslmode=require'],
		['PGPASSWORD in a command', j('PG', 'PASSWORD=') + plain() + ' alembic upgrade head'],
		['token in a command-line flag', j('--api-', 'token=') + plain()],
		['token in a query string', 'https://api.example.com/v1/feed?' + j('access_', 'token=') + plain()],
	];

	const pass = [
		'http://minio:9000', 'https://api.example.com/v1?x=1', 'https://example.com/docs/page#section',
		'http://localhost:8080/healthz', 'postgres://db:5432/app', 'postgres://app@db:5432/app', 'redis://redis:6379/0',
		'amqp://rabbitmq:5672/', 's3://reactbin-images/uploads/2024/', 'https://user@example.com/path',
		'https://reactbin-images.s3.eu-west-1.amazonaws.com', 'http://vault.vault.svc:8200',
		'ghcr.io/example/reactbin-api:1.4.2', 'nginx:1.27-alpine', 'quay.io/minio/minio:RELEASE.2024-12-18T13-15-44Z',
		'docker.io/library/postgres@sha256:' + chars(HEXL, 64), 'registry.k8s.io/pause:3.9',
		'/var/lib/app/data', '/etc/nginx/conf.d/default.conf', './relative/path/file.txt', 'C:\\Program Files\\App',
		'123e4567-e89b-12d3-a456-426614174000', 'db.internal.example.com',
		'minio-0.minio-headless.reactbin.svc.cluster.local', 'ip-10-0-1-23.eu-west-1.compute.internal',
		'1.2.3', 'v2.0.0-rc.1+build.5', 'true', 'false', 'yes', '42', '3.14', '-1', '1e6', '0x1F', '8000',
		'*/5 * * * *', '0 3 * * 1-5', 'production', 'reactbin', 'ops@example.com', 'no-reply+alerts@mail.example.org',
		'debug', 'INFO', 'warning', '{"level":"info","format":"json"}', '{"type": "service_account", "project_id": "demo-project", "client_email": "app@demo-project.iam.gserviceaccount.com"}',
		pem('PUBLIC KEY', 294, '\\n'), pem('CERTIFICATE', 800, '\\n'), pem('RSA PUBLIC KEY', 270, '\\n'),
		'ssh-ed25519 ' + b64(Buffer.concat([Buffer.from('\0\0\0\x0bssh-ed25519\0\0\0 ', 'latin1'), bytes(32)])) + ' deploy@example.com',
		b64(Buffer.from('hello world')), b64(Buffer.from('{"env":"prod"}')), b64(Buffer.from('reactbin')),
		chars(HEXL, 40), 'sha256:' + chars(HEXL, 64), '512Mi', '1h30m', 'Europe/Berlin', 'en_US.UTF-8', 'a,b,c',
		'db-0.db,db-1.db,db-2.db', 'org.example.reactbin.Main', 'ReactbinApiServerConfigurationLoader',
		'reactbin-images-production-eu-west-1', 'Hello, world! This is a plain sentence.', 'SELECT 1',
		'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36', 'arn:aws:iam::123456789012:role/reactbin-app',
		'projects/demo-project/locations/europe-west1', 'sk-learn', 'AKIA', 'password', 'token', 'secret',
		'https://' + chars(HEXL, 32) + '@o123456.ingest.sentry.io/4504', 'max-age=31536000; includeSubDomains',
		'text/html; charset=utf-8', 'gzip, deflate, br', '--max-old-space-size=4096', '-Xmx512m -XX:+UseG1GC',
		// Issue 8 near misses: keys about a secret rather than holding one, references, empty values, look-alike words.
		'{"password_min_length": 8, "token_ttl": "1h"}', '{"secret_name": "db-creds"}', j('db_', 'password=${DB_PASSWORD}'),
		j('PG', 'PASSWORD= ./migrate'), j('DB_', 'PASSWORD_FILE=/run/db'), '--token-url=https://auth.example.com/token',
		'PASSENGER_COUNT=3 BYPASS_CACHE=sometimes', 'ghcr.io/acme/token:1.0', 'note: the token: it expires', 'token==abc',
	].map((v) => ['', v]);
	// Environment variables whose name alone says secret (issue 8: abbreviations and key names), and near misses.
	const namedReject = [
		[j('DB_', 'PASS'), chars(HEXL, 32)], [j('SMTP_', 'PASS'), plain()], [j('RAILS_MASTER', '_KEY'), chars(HEXL, 32)],
		[j('MYSQL_', 'PWD'), plain()], [j('WORDPRESS_AUTH', '_SALT'), plain()], [j('LARAVEL_APP', '_KEY'), plain()],
		// Issue 12: a name that ends with the secret word holds the secret, whatever its value looks like.
		[j('DB_', 'PASSWORD'), j('hun', 'ter2')], [j('DB_', 'PASSWORD'), '12345678'], [j('API_', 'TOKEN'), '3600'],
		[j('STRIPE_SECRET', '_KEY'), 'https://example.com/k'], [j('SMTP_', 'PASSWORD'), 'Mail-Pass'],
		[j('JWT_', 'SECRET'), '/run/jwt'],
	];
	const namedPass = [
		['PASSENGER_COUNT', '12'], ['BYPASS_CACHE', 'sometimes'], ['COMPASS_HEADING', 'north'], ['PASS_THROUGH', 'headers'],
		['SORT_KEY', 'created_at'], ['MASTER_KEYBOARD', 'us'], ['PWD_DIR', '/srv/app'], ['SALTSTACK_MASTER', 'salt.internal'],
	];
	return {
		reject: reject.map(([shape, value], i) => ({ id: `R${String(i + 1).padStart(2, '0')}`, shape, value })),
		pass: pass.map(([, value], i) => ({ id: `P${String(i + 1).padStart(2, '0')}`, value })),
		namedReject: namedReject.map(([name, value], i) => ({ id: `N${i + 1}`, name, value })),
		namedPass: namedPass.map(([name, value], i) => ({ id: `M${i + 1}`, name, value })),
	};
}

// The scanner: the same shapes, as regular expressions assembled from parts, plus random-looking tokens.
const R = (...parts) => new RegExp(parts.join(''));
const patterns = [
	['AWS access key id', R('\\b(?:', 'AK', '|', 'AS', ')IA[0-9A-Z]{16}\\b')],
	['AWS secret in key=value', R('aws_', 'secret_access_key\\s*[=:]\\s*\\S{40}')],
	['AWS session token', R('Fwo', 'GZXIv', 'YXdz')],
	['Google API key', R('AI', 'za[0-9A-Za-z_-]{35}')],
	['Google OAuth secret', R('GOC', 'SPX-[0-9A-Za-z_-]{20,}')],
	['Google refresh token', R('\\b1//0[0-9A-Za-z_-]{40,}')],
	['service-account private key', R('"private', '_key"\\s*:')],
	['GitHub token', R('\\bgh', '[pousr]_[A-Za-z0-9]{30,}')],
	['GitHub fine-grained token', R('github', '_pat_[A-Za-z0-9_]{40,}')],
	['GitLab token', R('gl', 'pat-[A-Za-z0-9_-]{20,}')],
	['Slack token', R('\\bxo', 'x[abprs]-[A-Za-z0-9-]{10,}|\\bxa', 'pp-[A-Za-z0-9-]{10,}')],
	['Slack webhook', R('hooks\\.', 'slack\\.com/services/')],
	['Discord webhook', R('discord(?:app)?\\.com/api/', 'webhooks/\\d+/')],
	['Stripe key', R('\\b[rs]k', '_(?:live|test)_[A-Za-z0-9]{16,}|\\bwh', 'sec_[A-Za-z0-9]{24,}')],
	['sk- API key', R('\\bsk', '-[A-Za-z0-9_-]{32,}')],
	['SendGrid key', R('\\bS', 'G\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,}')],
	['Twilio key', R('\\bS', 'K[0-9a-f]{32}\\b')],
	['Mailgun key', R('\\bke', 'y-[0-9a-f]{32}\\b')],
	['npm token', R('\\bnp', 'm_[A-Za-z0-9]{36}')],
	['PyPI token', R('pyp', 'i-AgEIcHlwaS5vcmc')],
	['Vault token', R('\\bhv', '[sbr]\\.[A-Za-z0-9_-]{24,}')],
	['DigitalOcean token', R('\\bdo', '[por]_v1_[0-9a-f]{64}')],
	['Shopify token', R('\\bshp', '(?:at|ss|ca|pa)_[0-9a-fA-F]{32}')],
	['age secret key', R('AGE-SECRET', '-KEY-1[0-9A-Z]{50,}')],
	['Telegram bot token', R('\\b\\d{8,10}:AA[A-Za-z0-9_-]{30,}')],
	['Azure account key', R('Account', 'Key=[A-Za-z0-9+/=]{40,}')],
	['Azure SAS signature', R('[?&]?\\bsi', 'g=[A-Za-z0-9%+/=]{30,}')],
	['basic credentials', R('\\bBas', 'ic [A-Za-z0-9+/=]{12,}')],
	['JWT', R('\\bey', 'J[A-Za-z0-9_-]{8,}\\.ey', 'J[A-Za-z0-9_-]{8,}\\.')],
	['private key', R('-----BEGIN [A-Z ]*', 'PRIV', 'ATE KEY')],
	['URL with a password', R('\\b[a-z][a-z0-9+.-]*://[^/\\s:@]*:[^/\\s@]+@')],
	['password parameter', R('(?:^|[\\s;&?])pass', 'word=[^\\s&;]+')],
	['hex with mixed case', R('\\b(?=[0-9a-fA-F]*[a-f])(?=[0-9a-fA-F]*[A-F])(?=[0-9a-fA-F]*[0-9])[0-9a-fA-F]{32,}\\b')],
];

// KEY=VALUE (no blanks: with them it is code, as in this file) or "KEY": "VALUE" where KEY names a secret, VALUE is a real value (not empty, not a ${reference}), and
// KEY is not about the secret (DB_PASSWORD_FILE, password_min_length).
const SECRET_KEY = R('(?:pass', 'word|passwd|passphrase|secret|token|api_?key|access_key|private_key|credential|',
	'[_-](?:pass|pwd|salt)$)');
const META_KEY = /[_.-](?:file|path|dir|name|type|mode|policy|length|len|min|max|ttl|timeout|expiry|expires|count|size|enabled|required|url|uri|endpoint)$/i;
function secretPair(line) {
	const re = /(["']?)([A-Za-z0-9_.-]+)\1(\s*)([=:])(?=(?!=)(\s*)(["']?)([^\s"'&;,)\]}]*))/g;
	for (const m of line.matchAll(re)) {
		const [, quote, rawKey, spaceBefore, sep, , , value] = m;
		if (sep === ':' && !quote) continue;
		if (sep === '=' && m.index > 0 && '=!<>'.includes(line[m.index - 1])) continue;
		if (sep === '=' && (spaceBefore || m[5])) continue; // KEY= VALUE is an empty KEY; KEY = VALUE is code, not config
		const key = rawKey.replace(/^-+/, '');
		if (!SECRET_KEY.test(key.toLowerCase()) || META_KEY.test(key)) continue;
		if (!value || /^[${<%]/.test(value) || /^\*+$/.test(value) || /^(?:true|false|yes|no|on|off|null|none)$/i.test(value)) continue;
		return true;
	}
	return false;
}

function entropy(s) {
	const counts = new Map();
	for (const c of s) counts.set(c, (counts.get(c) || 0) + 1);
	let h = 0;
	for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
	return h;
}

// A token of 20+ key characters that mixes upper, lower and digits (or has 32+ characters of two classes that are
// not lower-case hex) and is near the entropy of random text.
function randomToken(tok) {
	if (tok.length < 20) return false;
	if (/^[A-Za-z0-9+/]+={0,2}$/.test(tok) && tok.length % 4 === 0 && /^[\t\n\r\x20-\x7e]+$/.test(Buffer.from(tok, 'base64').toString('latin1')))
		return false; // base64 of plain text is an encoding, not a key (basic credentials have a rule of their own)
	const up = /[A-Z]/.test(tok), lo = /[a-z]/.test(tok), di = /[0-9]/.test(tok);
	if ((tok.match(/[-_/.]/g) || []).length * 6 > tok.length) return false;
	const classes = up + lo + di;
	const ceiling = Math.log2(Math.min(tok.length, 64));
	if (classes === 3) return entropy(tok) >= 0.8 * ceiling;
	if (classes === 2 && tok.length >= 32 && !/^[0-9a-f]+$/.test(tok)) return entropy(tok) >= 0.8 * ceiling;
	return false;
}

// Findings in a text: [{ rule, line, excerpt }]. Public PEM blocks (keys, certificates) are not tokens to scan.
export function scan(text) {
	const found = [];
	const lines = text.split('\n');
	lines.forEach((line, i) => {
		for (const [rule, re] of patterns) if (re.test(line)) found.push({ rule, line: i + 1 });
		if (secretPair(line)) found.push({ rule: 'secret-named key with a value', line: i + 1 });
		const body = line.replace(/-----BEGIN (?:CERTIFICATE|PUBLIC KEY|RSA PUBLIC KEY)-----.*?-----END [A-Z ]+-----/g, '')
			.replace(/\bssh-(?:ed25519|rsa) [A-Za-z0-9+/=]+/g, '');
		for (const tok of body.match(/[A-Za-z0-9+/=_-]+/g) || []) {
			if (randomToken(tok)) {
				found.push({ rule: 'random-looking token', line: i + 1 });
				break;
			}
		}
		// Random keys drawn from letters, digits and punctuation (Django's alphabet): long, symbol-rich, near random.
		for (const run of body.match(/[!-~]{40,}/g) || []) {
			if ((run.match(/[!@#$%^&*()=+]/g) || []).length >= 4 && !/[:/.]/.test(run) && entropy(run) >= 4.5) {
				found.push({ rule: 'random-looking key with punctuation', line: i + 1 });
				break;
			}
		}
	});
	return found;
}
