import { readFileSync } from 'node:fs';
import pino from 'pino';
import { DrugLimits } from './dose-limiter.js';
import { MotorBoard } from './serial-driver.js';
import { createServer } from './server.js';

const log = pino({ level: process.env.LOG_LEVEL ?? 'info' });
const limits = DrugLimits.parse(JSON.parse(readFileSync(process.env.DRUG_LIBRARY ?? 'drug-library.json', 'utf8')));
const board = new MotorBoard(process.env.MOTOR_PORT ?? '/dev/ttyUSB0', log);

await board.open();
const app = createServer(board, limits, log);
await app.listen({ port: Number(process.env.PORT ?? 8080), host: '127.0.0.1' });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await board.stop().catch((err: unknown) => log.error({ err }, 'could not stop the pump'));
    await app.close();
  });
}
