import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { type Column, DataTable } from '../src/components/DataTable';

type Pet = { name: string; legs: number; mood: 'calm' | 'angry' };

const pets: Pet[] = [
  { name: 'Rex', legs: 4, mood: 'angry' },
  { name: '<img src=x onerror=alert(1)>', legs: 2, mood: 'calm' },
];

const columns: Column<Pet>[] = [
  { key: 'name', header: 'Name', rowHeader: true, cell: (p) => p.name },
  { key: 'legs', header: 'Legs', className: 'num', cell: (p) => p.legs, title: (p) => `${p.legs} legs` },
  { key: 'mood', header: 'Mood', className: (p) => (p.mood === 'angry' ? 'bad' : undefined), cell: (p) => p.mood },
  {
    key: 'act',
    header: 'Action',
    cell: (p) => (
      <button type="button" onClick={() => undefined}>
        Pet {p.name}
      </button>
    ),
  },
];

describe('DataTable', () => {
  it('is named by its caption, with column headers and row headers scoped', () => {
    render(<DataTable caption="Pets" columns={columns} rows={pets} rowKey={(p) => p.name} />);
    const table = screen.getByRole('table', { name: 'Pets' });
    expect(within(table).getByText('Pets')).not.toHaveClass('sr-only');
    const headers = within(table).getAllByRole('columnheader');
    expect(headers.map((h) => h.textContent)).toEqual(['Name', 'Legs', 'Mood', 'Action']);
    for (const h of headers) expect(h).toHaveAttribute('scope', 'col');
    const rex = within(table).getByRole('rowheader', { name: 'Rex' });
    expect(rex).toHaveAttribute('scope', 'row');
    const row = rex.closest('tr') as HTMLElement;
    expect(within(row).getByRole('cell', { name: '4' })).toHaveClass('num');
    expect(within(row).getByRole('cell', { name: '4' })).toHaveAttribute('title', '4 legs');
    expect(within(row).getByRole('cell', { name: 'angry' })).toHaveClass('bad');
  });

  it('renders strings as text, never as markup', () => {
    const { container } = render(<DataTable caption="Pets" columns={columns} rows={pets} rowKey={(p) => p.name} />);
    expect(screen.getByRole('rowheader', { name: '<img src=x onerror=alert(1)>' })).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
  });

  it('can hide its caption (a heading shows it) and its header row (name/value tables)', () => {
    render(<DataTable caption="Pets" captionHidden headless columns={columns} rows={pets} rowKey={(p) => p.name} />);
    const table = screen.getByRole('table', { name: 'Pets' });
    expect(within(table).getByText('Pets')).toHaveClass('sr-only');
    expect(within(table).queryAllByRole('columnheader')).toEqual([]);
    expect(within(table).getAllByRole('row')).toHaveLength(2);
  });

  it('adds no tab stops: Tab goes from one control in a cell to the next', async () => {
    const user = userEvent.setup();
    render(<DataTable caption="Pets" columns={columns} rows={pets} rowKey={(p) => p.name} />);
    await user.tab();
    expect(screen.getByRole('button', { name: 'Pet Rex' })).toHaveFocus();
    await user.tab();
    expect(screen.getByRole('button', { name: /^Pet <img/ })).toHaveFocus();
  });

  it('applies a row class', () => {
    render(
      <DataTable
        caption="Pets"
        columns={columns}
        rows={pets}
        rowKey={(p) => p.name}
        rowClassName={(p) => (p.mood === 'angry' ? 'row-warn' : undefined)}
      />,
    );
    expect(screen.getByRole('rowheader', { name: 'Rex' }).closest('tr')).toHaveClass('row-warn');
    expect(screen.getByRole('rowheader', { name: /^<img/ }).closest('tr')).not.toHaveClass('row-warn');
  });
});
