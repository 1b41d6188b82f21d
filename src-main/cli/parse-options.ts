// Thin wrapper over node:util parseArgs that turns its errors into UsageError.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './command.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseOptions<T extends Options>(
  args: string[],
  options: T,
  positionals: { min: number; max: number },
) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const n = parsed.positionals.length;
  if (n < positionals.min) throw new UsageError(`expected at least ${positionals.min} argument(s), got ${n}`);
  if (n > positionals.max)
    throw new UsageError(`unexpected argument: ${parsed.positionals[positionals.max]}`);
  return parsed;
}

export function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got ${value})`);
}

export function intOption(name: string, value: string | undefined, min = 0): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value) || Number(value) < min)
    throw new UsageError(`--${name} must be an integer >= ${min} (got ${value})`);
  return Number(value);
}
