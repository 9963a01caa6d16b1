import { ReadlineParser, SerialPort } from 'serialport';
import type { Logger } from 'pino';

/**
 * Line protocol of the pump's motor controller board (firmware MCB-3.x):
 *   host → board   "RATE <mL/h x10>\n" | "STOP\n" | "STAT\n"
 *   board → host   "OK <cmd>\n" | "ERR <code>\n" | "STAT <delivered µL> <occlusion 0|1>\n"
 */
export interface PumpStatus {
  deliveredMicroLitres: number;
  occlusion: boolean;
}

export class MotorBoard {
  private readonly port: SerialPort;
  private readonly lines: ReadlineParser;

  constructor(path: string, private readonly log: Logger) {
    this.port = new SerialPort({ path, baudRate: 115200, autoOpen: false });
    this.lines = this.port.pipe(new ReadlineParser({ delimiter: '\n' }));
  }

  open(): Promise<void> {
    return new Promise((resolve, reject) => this.port.open((err) => (err ? reject(err) : resolve())));
  }

  async setRate(rate: number): Promise<void> {
    await this.command(`RATE ${Math.round(rate * 10)}`);
    this.log.info({ rate }, 'rate set');
  }

  async stop(): Promise<void> {
    await this.command('STOP');
    this.log.warn('pump stopped');
  }

  async status(): Promise<PumpStatus> {
    const reply = await this.command('STAT');
    const [, delivered, occlusion] = reply.split(' ');
    return { deliveredMicroLitres: Number(delivered), occlusion: occlusion === '1' };
  }

  /** One command, one reply line; a board that does not answer within 500 ms is a fault (stop the infusion). */
  private command(cmd: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`motor board did not answer ${cmd}`)), 500);
      this.lines.once('data', (line: string) => {
        clearTimeout(timer);
        if (line.startsWith('ERR')) reject(new Error(`motor board: ${line}`));
        else resolve(line);
      });
      this.port.write(`${cmd}\n`);
    });
  }
}
