import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Sample { t: number; ml: number }

/** Delivered volume over the last ten minutes. uPlot is small and draws 600 points without stalling the UI thread. */
export function RateChart({ samples }: { samples: Sample[] }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    if (!host.current) return;
    plot.current = new uPlot(
      {
        width: 640,
        height: 240,
        series: [{}, { label: 'Delivered (mL)', stroke: '#0b6e4f', width: 2 }],
        axes: [{}, { label: 'mL' }],
      },
      [[], []],
      host.current,
    );
    return () => plot.current?.destroy();
  }, []);

  useEffect(() => {
    plot.current?.setData([samples.map((s) => s.t), samples.map((s) => s.ml)]);
  }, [samples]);

  return <div ref={host} aria-label="Delivered volume chart" />;
}
