import { describe, expect, it } from 'vitest';
import { parseMergeFields } from '../../../src/templates/merge-fields.js';

describe('parseMergeFields (template syntax)', () => {
  it('splits a text into literals around each placeholder', () => {
    const parsed = parseMergeFields('Hi {{first_name}}, order {{order_id}}.');
    expect(parsed.literals).toEqual(['Hi ', ', order ', '.']);
    expect(parsed.fields.map((f) => f.name)).toEqual(['first_name', 'order_id']);
    expect(parsed.fields[0]).toMatchObject({ start: 3, end: 17 });
    expect(parsed.issues).toEqual([]);
  });

  it('accepts numbered placeholders and text without any', () => {
    expect(parseMergeFields('{{1}} and {{2}}').fields.map((f) => f.name)).toEqual(['1', '2']);
    expect(parseMergeFields('No variables here')).toMatchObject({ literals: ['No variables here'], fields: [] });
  });

  it.each([
    ['{{ first_name }}', 'spaces inside the braces'],
    ['{{First_Name}}', 'upper case'],
    ['{{0}}', 'zero'],
    ['{{first-name}}', 'a dash'],
    ['Hi {{first_name', 'an unclosed placeholder'],
    ['Hi first_name}}', 'a stray closing brace pair'],
    ['{{}}', 'an empty placeholder'],
  ])('reports %s (%s) as an issue', (text) => {
    expect(parseMergeFields(text).issues.length).toBeGreaterThan(0);
  });
});

describe('parseMergeFields (free-text syntax)', () => {
  it('reads trimmed field paths with spaces and dots', () => {
    const parsed = parseMergeFields('Hi {{ Leads.First Name }}!', 'text');
    expect(parsed.fields.map((f) => f.name)).toEqual(['Leads.First Name']);
    expect(parsed.literals).toEqual(['Hi ', '!']);
  });

  it('leaves anything that is not a placeholder as typed, without issues', () => {
    const parsed = parseMergeFields('a {{ }} b {{x\ny}} c {{{name}}} d }} e {{', 'text');
    expect(parsed.issues).toEqual([]);
    expect(parsed.fields.map((f) => f.name)).toEqual(['name']);
    expect(parsed.literals.join('{{name}}')).toBe('a {{ }} b {{x\ny}} c {{{name}}} d }} e {{');
  });
});
