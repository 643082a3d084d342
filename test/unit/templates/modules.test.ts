import { describe, expect, it } from 'vitest';
import { checkPath, compilePath, defineModules, resolvePath } from '../../../src/templates/modules.js';
import { modules, thrown } from './helpers.js';

describe('modules and field paths', () => {
  it('declares modules with their fields', () => {
    expect(modules.modules).toEqual(['Leads', 'Deals']);
    expect(modules.fieldsOf('Leads')).toContain('First Name');
    expect(modules.fieldsOf('Invoices')).toBeUndefined();
  });

  it('refuses dots in names and duplicate fields', () => {
    const error = thrown(() => defineModules({ 'Le.ads': ['A'], Deals: ['Amount', 'Amount', 'a.b'] }));
    expect(error.code).toBe('INVALID_CONFIG');
    expect((error.details?.issues as unknown[]).length).toBeGreaterThanOrEqual(2);
  });

  it('drops the module prefix: the record is the module\'s record', () => {
    expect(compilePath('Leads.Owner.Email', 'Leads').segments).toEqual(['Owner', 'Email']);
    expect(compilePath('Leads.Owner.Email', undefined).segments).toEqual(['Leads', 'Owner', 'Email']);
    const ownerEmail = compilePath('Owner.Email', undefined);
    expect(resolvePath({ Owner: { Email: 'o@x' } }, ownerEmail)).toBe('o@x');
    expect(resolvePath(new Map([['Owner', { Email: 'm@x' }]]), ownerEmail)).toBe('m@x');
    expect(resolvePath({ Owner: null }, ownerEmail)).toBeUndefined();
    expect(resolvePath(new Map([['a', 1]]), compilePath('size', undefined))).toBeUndefined();
  });

  it('never reads Object.prototype members or properties of primitives', () => {
    expect(resolvePath({}, compilePath('toString', undefined))).toBeUndefined();
    expect(resolvePath({}, compilePath('constructor', undefined))).toBeUndefined();
    expect(resolvePath({}, compilePath('__proto__', undefined))).toBeUndefined();
    expect(resolvePath({ constructor: 'own' }, compilePath('constructor', undefined))).toBe('own');
    expect(resolvePath('text', compilePath('length', undefined))).toBeUndefined();
  });

  it('reads getters of class instances (CRM model objects)', () => {
    class Lead { constructor(readonly first: string, readonly last: string) {} get fullName() { return `${this.first} ${this.last}`; } }
    expect(resolvePath(new Lead('Ivan', 'Petrov'), compilePath('fullName', undefined))).toBe('Ivan Petrov');
  });

  it('rejects empty path segments', () => {
    expect(checkPath('Leads..Name', 'Leads', undefined, 'x')?.message).toContain('not a field path');
  });
});
