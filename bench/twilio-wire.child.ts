// The tests' Twilio-wire server (test/fixtures/sms/twilio-server.ts), in its own process so the
// benchmark's sender does not share an event loop with its provider.
// Prints "listening <port>"; stops on SIGTERM.
import { startTwilioFake } from '../test/fixtures/sms/twilio-server.js';

const [accountSid = 'AC00000000000000000000000000000000', authToken = 'token'] = process.argv.slice(2);
const fake = await startTwilioFake(accountSid, authToken);
process.stdout.write(`listening ${new URL(fake.url).port}\n`);
process.once('SIGTERM', () => void fake.close().then(() => process.exit(0)));
