/**
 * The HTTP baseline: formula.js behind a bare node:http server that parses the same JSON
 * bodies as the API and answers the same shapes — no auth, validation, rate limits or logs.
 * Started as a child by run.ts; prints `bare-formulajs listening on <url>`.
 */
import { createServer } from 'node:http';
import * as formulajs from '@formulajs/formulajs';

type Args = Record<string, unknown>;

const serial = (day: unknown) =>
  typeof day === 'number'
    ? day
    : (Date.parse(`${String(day)}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000;

function evaluate(item: { function: string; args: Args }): unknown {
  const a = item.args;
  const n = (k: string) => Number(a[k] ?? 0);
  const value =
    item.function === 'PMT'
      ? formulajs.PMT(n('rate'), n('nper'), n('pv'), n('fv'), n('type'))
      : formulajs.XIRR((a.values as string[]).map(Number), (a.dates as string[]).map(serial));
  return typeof value === 'number'
    ? { object: 'calculation', function: item.function, result: String(value), warnings: [] }
    : { object: 'calculation', function: item.function, error: '#NUM!', warnings: [] };
}

function schedule(body: { principal: string; annual_rate: string; periods: number }): unknown {
  const rate = Number(body.annual_rate) / 12;
  const pv = Number(body.principal);
  const payment = -(formulajs.PMT(rate, body.periods, pv) as number);
  const periods = [];
  let balance = pv;
  for (let per = 1; per <= body.periods; per++) {
    const interest = -(formulajs.IPMT(rate, per, body.periods, pv) as number);
    const principal = -(formulajs.PPMT(rate, per, body.periods, pv) as number);
    balance -= principal;
    periods.push({
      period: per,
      payment: payment.toFixed(2),
      interest: interest.toFixed(2),
      principal: principal.toFixed(2),
      balance: balance.toFixed(2),
    });
  }
  return { object: 'amortization_schedule', periods };
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const out =
      req.url === '/v1/calculations/batch'
        ? { object: 'calculation_batch', data: body.calculations.map(evaluate) }
        : schedule(body);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(out));
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  console.log(`bare-formulajs listening on http://127.0.0.1:${port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
