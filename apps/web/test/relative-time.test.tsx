import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { RelativeTime } from '../src/components/RelativeTime';
import { formattersFor } from '../src/i18n';

describe('RelativeTime', () => {
  it('shows the age, with the absolute time on hover (title) and on focus (focusable, data-absolute)', () => {
    const iso = '2026-12-06T01:00:00Z';
    render(<RelativeTime iso={iso} now={Date.parse(iso) + 3 * 60_000} />);
    const time = screen.getByText('3m');
    const absolute = formattersFor('en').dateTime(iso);
    expect(time.tagName).toBe('TIME');
    expect(time).toHaveAttribute('datetime', iso);
    expect(time).toHaveAttribute('title', absolute);
    expect(time).toHaveAttribute('data-absolute', absolute);
    expect(time).toHaveAttribute('tabindex', '0');
  });

  it('says — for an absent or invalid time, with nothing to hover', () => {
    render(<RelativeTime iso="not a time" />);
    expect(screen.getByText('—').tagName).toBe('SPAN');
  });
});
