import Fastify from 'fastify';
import { WebSocketServer } from 'ws';
import { collectDefaultMetrics, Counter, register } from 'prom-client';
import { z } from 'zod';
import type { Logger } from 'pino';
import { checkRate, type DrugLimits } from './dose-limiter.js';
import type { MotorBoard } from './serial-driver.js';

const RateRequest = z.object({ rate: z.number(), confirmed: z.boolean().default(false) });

/** HTTP API for the clinician UI, a WebSocket that streams pump status, and /metrics for the service dashboard. */
export function createServer(board: MotorBoard, limits: DrugLimits, log: Logger) {
  const app = Fastify({ loggerInstance: log });
  const rejected = new Counter({ name: 'pump_rate_rejected_total', help: 'rate requests refused by the dose limiter' });
  collectDefaultMetrics();

  app.post('/api/rate', async (req, reply) => {
    const body = RateRequest.safeParse(req.body);
    if (!body.success) return reply.code(400).send({ error: body.error.issues });
    const decision = checkRate(body.data.rate, limits, body.data.confirmed);
    if (decision.kind === 'accept') await board.setRate(decision.rate);
    if (decision.kind === 'reject') rejected.inc();
    return decision;
  });
  app.post('/api/stop', async () => {
    await board.stop();
    return { stopped: true };
  });
  app.get('/metrics', async (_req, reply) => reply.type(register.contentType).send(await register.metrics()));

  const wss = new WebSocketServer({ noServer: true });
  app.server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws)));
  const timer = setInterval(async () => {
    const status = await board.status().catch(() => null);
    for (const client of wss.clients) client.send(JSON.stringify(status ?? { fault: 'motor board not answering' }));
  }, 1000);
  app.addHook('onClose', async () => clearInterval(timer));
  return app;
}
