"use client";

import { DownloadIcon } from "lucide-react";
import { useEffect, useState } from "react";
import type { NamedUsageRow } from "@/lib/page-api/usage-csv";
import { buttonVariants } from "./ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "./ui/card";
import { Table } from "./ui/table";

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
    <Card aria-labelledby="usage-heading">
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-2">
        <div className="flex flex-col gap-1">
          <CardTitle id="usage-heading">Usage</CardTitle>
          <CardDescription>
            Messages and tokens per person and model, the last 30 days.
          </CardDescription>
        </div>
        <a
          href="/api/admin/usage?format=csv"
          download
          className={buttonVariants({ variant: "outline", size: "sm" })}
        >
          <DownloadIcon aria-hidden />
          Download the usage as CSV
        </a>
      </CardHeader>
      {rows === null ? (
        <p className="text-muted-foreground text-sm">Loading usage…</p>
      ) : rows.length === 0 ? (
        <p className="text-muted-foreground text-sm">No usage in the last 30 days.</p>
      ) : (
        <>
          <UsageChart rows={rows} />
          <Table label="Messages and tokens per day">
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
            <tbody className="tabular-nums">
              {rows.map((row) => (
                <tr key={`${row.day}|${row.person}|${row.model}`}>
                  <td className="whitespace-nowrap">{row.day}</td>
                  <td>{row.person}</td>
                  <td>{row.model}</td>
                  <td>{row.messages}</td>
                  <td>{row.inputTokens}</td>
                  <td>{row.outputTokens}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </>
      )}
    </Card>
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
    <figure className="m-0 flex flex-col gap-1 overflow-x-auto text-brand">
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
              <text
                x={index * width + width / 2}
                y={height + 14}
                fontSize="9"
                textAnchor="middle"
                className="fill-muted-foreground"
              >
                {day.slice(8)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="text-muted-foreground text-xs">Tokens in and out per day</figcaption>
    </figure>
  );
}
