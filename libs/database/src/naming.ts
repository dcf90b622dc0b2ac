import { DefaultNamingStrategy, type NamingStrategyInterface } from 'typeorm';

/** A property name as its column (`payExpiresAt` -> `pay_expires_at`). */
export const snakeCase = (s: string): string => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/** camelCase properties <-> snake_case columns, so entities read like TS and tables like SQL. */
export class SnakeNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override columnName(propertyName: string, customName: string | undefined, prefixes: string[]): string {
    return snakeCase(prefixes.concat(customName ?? propertyName).join('_'));
  }
}
