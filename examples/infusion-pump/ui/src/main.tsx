import { render } from 'preact';
import { signal } from '@preact/signals';
import { format } from 'date-fns';
import { RateChart, type Sample } from './RateChart';

interface Status { deliveredMicroLitres: number; occlusion: boolean }

const samples = signal<Sample[]>([]);
const alarm = signal<string | null>(null);
const requested = signal('');

const socket = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/ws`);
socket.onmessage = (ev: MessageEvent<string>) => {
  const msg = JSON.parse(ev.data) as Status | { fault: string };
  if ('fault' in msg) { alarm.value = msg.fault; return; }
  alarm.value = msg.occlusion ? 'Occlusion detected: check the line' : null;
  samples.value = [...samples.value.slice(-599), { t: Date.now() / 1000, ml: msg.deliveredMicroLitres / 1000 }];
};

async function setRate(confirmed = false): Promise<void> {
  const res = await fetch('/api/rate', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ rate: Number(requested.value), confirmed }),
  });
  const decision = (await res.json()) as { kind: string; reason?: string };
  if (decision.kind === 'confirm' && window.confirm(`${decision.reason}. Start anyway?`)) return setRate(true);
  if (decision.kind === 'reject') alarm.value = decision.reason ?? 'rate refused';
}

function App() {
  const last = samples.value.at(-1);
  return (
    <main>
      {alarm.value && <p role="alert" class="alarm">{alarm.value}</p>}
      <label>Rate (mL/h) <input inputMode="decimal" value={requested} onInput={(e) => (requested.value = e.currentTarget.value)} /></label>
      <button onClick={() => void setRate()}>Start</button>
      <button class="stop" onClick={() => void fetch('/api/stop', { method: 'POST' })}>Stop</button>
      <RateChart samples={samples.value} />
      {last && <p>Delivered {last.ml.toFixed(2)} mL at {format(last.t * 1000, 'HH:mm:ss')}</p>}
    </main>
  );
}

render(<App />, document.getElementById('app')!);
