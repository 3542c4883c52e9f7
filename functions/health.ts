/** GET /api/health: liveness of the API (the local stack answers it only once emulators are ready). */
import { httpHandler, json } from './lib/http.ts';

const health = async () => json(200, { status: 'ok' });

export const handler = httpHandler({}, health);
