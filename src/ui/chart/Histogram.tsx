/** Rating value -> count as small horizontal bars. */
export function Histogram({ bins }: { bins: [number, number][] }) {
  const max = Math.max(1, ...bins.map(([, c]) => c));
  const shown = bins.length > 12 ? [] : bins;
  if (!shown.length) return null;
  return (
    <table className="histogram" aria-label="Ratings histogram">
      <tbody>
        {shown.map(([value, count]) => (
          <tr key={value}>
            <th scope="row">{value}</th>
            <td>
              <span className="bar" style={{ width: `${(100 * count) / max}%` }} />
            </td>
            <td className="count">{count.toLocaleString('en-US')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
