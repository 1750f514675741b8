import type { ReactNode } from 'react';
import { FLOW_ROLE } from '../shared/labels';
import type { FlowStep } from '../shared/types';

// Geometry of the chart, in SVG user units (= CSS px at natural size).
const BOX_W = 128;
const BOX_H = 68;
const ROW_GAP = 14;
const COL_GAP = 40;
const PAD = 14;
const PILL_W = 76;
const PILL_H = 34;
const LABEL_H = 22;
const CHARS_PER_LINE = 8;

const ROLE_COLOR: Record<string, { fill: string; stroke: string; text: string }> = {
  window: { fill: '#eaf2fd', stroke: '#0b4a9a', text: '#0b4a9a' },
  reviewer: { fill: '#e8f6f3', stroke: '#12806a', text: '#0d6654' },
  approver: { fill: '#fdeeee', stroke: '#c8161d', text: '#a3121a' },
  issuer: { fill: '#fdf5e6', stroke: '#b7791f', text: '#8a5a12' },
};
const DEFAULT_COLOR = { fill: '#f2f3f5', stroke: '#6b7785', text: '#3d4752' };

export function stepDays(days: number): string {
  return days === 0 ? '即时办理' : `${days}个工作日`;
}

export function roleName(role: string): string {
  return FLOW_ROLE[role] ?? role;
}

/** Consecutive steps sharing a parallelGroup run side by side (并联), others one after another. */
export function columnsOf(steps: FlowStep[]): FlowStep[][] {
  const cols: FlowStep[][] = [];
  for (const step of steps) {
    const last = cols[cols.length - 1];
    if (last && step.parallelGroup && last[0]?.parallelGroup === step.parallelGroup) last.push(step);
    else cols.push([step]);
  }
  return cols;
}

function wrap(text: string): string[] {
  const chars = Array.from(text);
  if (chars.length <= CHARS_PER_LINE) return [text];
  const first = chars.slice(0, CHARS_PER_LINE).join('');
  let rest = chars.slice(CHARS_PER_LINE);
  if (rest.length > CHARS_PER_LINE) rest = [...rest.slice(0, CHARS_PER_LINE - 1), '…'];
  return [first, rest.join('')];
}

function Arrow({ x1, y1, x2, y2 }: { x1: number; y1: number; x2: number; y2: number }) {
  return <line x1={x1} y1={y1} x2={x2 - 2} y2={y2} className="flow-line" markerEnd="url(#flow-arrow)" />;
}

export function FlowChart({ steps, title }: { steps: FlowStep[]; title: string }) {
  const cols = columnsOf(steps);
  const maxRows = Math.max(1, ...cols.map((c) => c.length));
  const hasParallel = cols.some((c) => c.length > 1);
  const top = PAD + (hasParallel ? LABEL_H : 0);
  const innerH = maxRows * BOX_H + (maxRows - 1) * ROW_GAP;
  const height = top + innerH + PAD;
  const midY = top + innerH / 2;

  const nodes: ReactNode[] = [];
  const lines: ReactNode[] = [];
  const leftOf = (i: number) => PAD + PILL_W + COL_GAP + i * (BOX_W + COL_GAP);
  // Where the line into the next column starts: a box's right edge, or a parallel group's join point.
  let from = PAD + PILL_W;

  cols.forEach((col, ci) => {
    const colX = leftOf(ci);
    const colH = col.length * BOX_H + (col.length - 1) * ROW_GAP;
    const colTop = midY - colH / 2;
    if (col.length === 1) {
      lines.push(<Arrow key={`a-${col[0]!.id}`} x1={from} y1={midY} x2={colX} y2={midY} />);
      from = colX + BOX_W;
    } else {
      const forkX = colX - COL_GAP / 2;
      const joinX = colX + BOX_W + COL_GAP / 2;
      if (from < forkX)
        lines.push(
          <line key={`f-${col[0]!.id}`} x1={from} y1={midY} x2={forkX} y2={midY} className="flow-line" />,
        );
      col.forEach((step, ri) => {
        const y = colTop + ri * (BOX_H + ROW_GAP) + BOX_H / 2;
        lines.push(
          <line key={`fv-${step.id}`} x1={forkX} y1={midY} x2={forkX} y2={y} className="flow-line" />,
        );
        lines.push(<Arrow key={`fa-${step.id}`} x1={forkX} y1={y} x2={colX} y2={y} />);
        lines.push(
          <line key={`jh-${step.id}`} x1={colX + BOX_W} y1={y} x2={joinX} y2={y} className="flow-line" />,
        );
        lines.push(
          <line key={`jv-${step.id}`} x1={joinX} y1={y} x2={joinX} y2={midY} className="flow-line" />,
        );
      });
      nodes.push(
        <g key={`pg-${col[0]!.id}`}>
          <rect
            x={colX - 8}
            y={colTop - LABEL_H}
            width={BOX_W + 16}
            height={colH + LABEL_H + 8}
            rx={6}
            className="flow-parallel"
          />
          <text x={colX + BOX_W / 2} y={colTop - 7} textAnchor="middle" className="flow-parallel-label">
            并联办理
          </text>
        </g>,
      );
      from = joinX;
    }
    col.forEach((step, ri) => {
      const y = colTop + ri * (BOX_H + ROW_GAP);
      const c = ROLE_COLOR[step.role] ?? DEFAULT_COLOR;
      const nameLines = wrap(step.name);
      const nameTop = y + (nameLines.length === 1 ? 28 : 20);
      nodes.push(
        <g key={step.id} className="flow-step" data-step={step.id}>
          <rect
            x={colX}
            y={y}
            width={BOX_W}
            height={BOX_H}
            rx={5}
            fill={c.fill}
            stroke={c.stroke}
            strokeWidth={1.4}
          />
          <text x={colX + BOX_W / 2} y={nameTop} textAnchor="middle" className="flow-name" fill={c.text}>
            {nameLines.map((l, li) => (
              <tspan key={l} x={colX + BOX_W / 2} dy={li === 0 ? 0 : 16}>
                {l}
              </tspan>
            ))}
          </text>
          <text x={colX + BOX_W / 2} y={y + BOX_H - 12} textAnchor="middle" className="flow-meta">
            {roleName(step.role)} · {stepDays(step.days)}
          </text>
        </g>,
      );
    });
  });

  const endX = leftOf(cols.length - 1) + BOX_W + COL_GAP;
  const width = endX + PILL_W + PAD;
  lines.push(<Arrow key="end" x1={from} y1={midY} x2={endX} y2={midY} />);

  const summary = steps
    .map(
      (s, i) =>
        `${i + 1}. ${s.name}（${roleName(s.role)}，${stepDays(s.days)}${s.parallelGroup ? '，并联' : ''}）`,
    )
    .join('；');

  return (
    <div className="flow-chart">
      <svg
        role="img"
        aria-labelledby="flow-svg-title flow-svg-desc"
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
        data-columns={cols.length}
      >
        <title id="flow-svg-title">{title}</title>
        <desc id="flow-svg-desc">{summary}</desc>
        <defs>
          <marker
            id="flow-arrow"
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto"
          >
            <path d="M0 0 L10 5 L0 10 z" fill="#6b7785" />
          </marker>
        </defs>
        {lines}
        <g className="flow-terminal">
          <rect x={PAD} y={midY - PILL_H / 2} width={PILL_W} height={PILL_H} rx={PILL_H / 2} />
          <text x={PAD + PILL_W / 2} y={midY + 5} textAnchor="middle">
            提交申请
          </text>
        </g>
        {nodes}
        <g className="flow-terminal flow-terminal-end">
          <rect x={endX} y={midY - PILL_H / 2} width={PILL_W} height={PILL_H} rx={PILL_H / 2} />
          <text x={endX + PILL_W / 2} y={midY + 5} textAnchor="middle">
            办结
          </text>
        </g>
      </svg>
      <ul className="flow-legend" aria-hidden>
        {Object.entries(ROLE_COLOR).map(([role, c]) => (
          <li key={role}>
            <span className="flow-swatch" style={{ background: c.fill, borderColor: c.stroke }} />
            {roleName(role)}
          </li>
        ))}
      </ul>
    </div>
  );
}
