import { startTestApp } from '../support/app';
test('probe', async () => { const a = await startTestApp(); await a.close(); });
