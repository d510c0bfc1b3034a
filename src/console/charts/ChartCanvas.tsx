import {
  BarElement,
  CategoryScale,
  Chart as ChartJS,
  Legend,
  LinearScale,
  LineElement,
  PointElement,
  Tooltip,
  type ChartOptions,
} from 'chart.js';
import { Bar, Line } from 'react-chartjs-2';
import type { ChartSeries } from './chart-data';

// Only what the four charts draw, so the chart library's chunk stays small. This module is
// reached only through the charts page, itself a lazy chunk of the console (assets/console/).
ChartJS.register(CategoryScale, LinearScale, PointElement, LineElement, BarElement, Legend, Tooltip);

/** Okabe–Ito's colours, told apart with the common colour-vision deficiencies. */
const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#8C6D31', '#7F7F7F'];

/** The theme's text and grid colours, read when the chart is drawn (light, dark or sunlight). */
function themeColours(): { text: string; grid: string } {
  const style = getComputedStyle(document.documentElement);
  return {
    text: style.getPropertyValue('--text').trim() || '#0d1b24',
    grid: style.getPropertyValue('--border').trim() || '#9fb1bd',
  };
}

export interface ChartCanvasProps {
  kind: 'line' | 'stacked-bars';
  data: ChartSeries;
  /** What the value axis measures, with its unit. */
  valueLabel: string;
  /** Said to a screen reader in place of the picture; the table view has the figures. */
  description: string;
  /** Largest value on the value axis (100 for a share in %). */
  max?: number;
}

export function ChartCanvas({ kind, data, valueLabel, description, max }: ChartCanvasProps) {
  const { text, grid } = themeColours();
  const scales = {
    category: { ticks: { color: text, autoSkip: true }, grid: { color: grid } },
    value: {
      beginAtZero: true,
      ...(max === undefined ? {} : { max }),
      title: { display: true, text: valueLabel, color: text },
      ticks: { color: text },
      grid: { color: grid },
    },
  };
  const common = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false as const,
    plugins: { legend: { position: 'bottom' as const, labels: { color: text, boxWidth: 18 } } },
  };
  const aria = { role: 'img', 'aria-label': description };

  if (kind === 'line') {
    const options: ChartOptions<'line'> = {
      ...common,
      spanGaps: true,
      scales: { x: scales.category, y: scales.value },
    };
    return (
      <div className="chart-canvas">
        <Line
          {...aria}
          options={options}
          data={{
            labels: data.categories,
            datasets: data.series.map((s, i) => {
              const colour = PALETTE[(s.colour ?? i) % PALETTE.length]!;
              return {
                label: s.label,
                data: s.values,
                borderColor: colour,
                backgroundColor: colour,
                borderWidth: s.dashed ? 2 : 3,
                borderDash: s.dashed ? [6, 4] : [],
                pointRadius: 3,
              };
            }),
          }}
        />
      </div>
    );
  }
  const options: ChartOptions<'bar'> = {
    ...common,
    indexAxis: 'y',
    scales: { x: { ...scales.value, stacked: true }, y: { ...scales.category, stacked: true } },
  };
  return (
    <div className="chart-canvas tall" style={{ height: `${Math.max(260, 90 + data.categories.length * 34)}px` }}>
      <Bar
        {...aria}
        options={options}
        data={{
          labels: data.categories,
          datasets: data.series.map((s, i) => ({
            label: s.label,
            data: s.values,
            stack: s.stack ?? 'all',
            backgroundColor: s.stack === 'refused' ? '#a8111a' : PALETTE[i % PALETTE.length]!,
          })),
        }}
      />
    </div>
  );
}
