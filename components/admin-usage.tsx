"use client";

import { useEffect, useState } from "react";
import type { NamedUsageRow } from "@/lib/page-api/usage-csv";

/**
 * Messages and tokens in and out per person and model, by day (the last 30 days): a small bar
 * chart of tokens per day, the table under it, and the same as a CSV file.
 */
export function AdminUsage() {
  const [rows, setRows] = useState<NamedUsageRow[] | null>(null);

  useEffect(() => {
    fetch("/api/admin/usage")
      .then((response) => response.json())
      .then((body: { rows: NamedUsageRow[] }) => setRows(body.rows))
      .catch(() => setRows([]));
  }, []);

  return (
    <section aria-labelledby="usage-heading">
      <h2 id="usage-heading">Usage</h2>
      <p>
        <a href="/api/admin/usage?format=csv" download>
          Download the usage as CSV
        </a>
      </p>
      {rows === null ? (
        <p>Loading usage…</p>
      ) : rows.length === 0 ? (
        <p>No usage in the last 30 days.</p>
      ) : (
        <>
          <UsageChart rows={rows} />
          <table>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Person</th>
                <th scope="col">Model</th>
                <th scope="col">Messages</th>
                <th scope="col">Tokens in</th>
                <th scope="col">Tokens out</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.day}|${row.person}|${row.model}`}>
                  <td>{row.day}</td>
                  <td>{row.person}</td>
                  <td>{row.model}</td>
                  <td>{row.messages}</td>
                  <td>{row.inputTokens}</td>
                  <td>{row.outputTokens}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/** Tokens (in and out) per day as bars; its numbers are in the table beside it. */
function UsageChart({ rows }: { rows: NamedUsageRow[] }) {
  const days = new Map<string, number>();
  for (const row of rows)
    days.set(row.day, (days.get(row.day) ?? 0) + row.inputTokens + row.outputTokens);
  const entries = [...days.entries()];
  const most = Math.max(1, ...entries.map(([, tokens]) => tokens));
  const width = 24;
  const height = 100;
  return (
    <figure>
      <svg
        role="img"
        aria-label="Tokens per day"
        width={entries.length * width}
        height={height + 20}
        viewBox={`0 0 ${entries.length * width} ${height + 20}`}
      >
        {entries.map(([day, tokens], index) => {
          const bar = Math.max(1, Math.round((tokens / most) * height));
          return (
            <g key={day}>
              <rect
                x={index * width + 4}
                y={height - bar}
                width={width - 8}
                height={bar}
                fill="currentColor"
              >
                <title>{`${day}: ${tokens} tokens`}</title>
              </rect>
              <text x={index * width + width / 2} y={height + 14} fontSize="9" textAnchor="middle">
                {day.slice(8)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>Tokens in and out per day</figcaption>
    </figure>
  );
}
