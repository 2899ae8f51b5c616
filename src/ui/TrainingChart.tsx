import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { EpochStats } from '../worker/messages';

const f4 = (v: unknown) => (typeof v === 'number' ? v.toFixed(4) : String(v));

/** Train loss (left axis, MSE) and RMSEs (right axis) per epoch; grows one point per epoch. */
export function TrainingChart({ epochs, maxEpochs }: { epochs: EpochStats[]; maxEpochs: number }) {
  return (
    <figure className="chart" data-testid="chart" data-points={epochs.length} aria-label="Training curves">
      <ResponsiveContainer width="100%" height={340}>
        <LineChart data={epochs} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e3e7ef" />
          <XAxis
            dataKey="epoch"
            type="number"
            domain={[1, Math.max(maxEpochs, 2)]}
            allowDecimals={false}
            label={{ value: 'epoch', position: 'insideBottomRight', offset: -4 }}
          />
          <YAxis yAxisId="loss" tickFormatter={(v: number) => v.toFixed(2)} width={56} />
          <YAxis yAxisId="rmse" orientation="right" domain={['auto', 'auto']} tickFormatter={(v: number) => v.toFixed(3)} width={56} />
          <Tooltip formatter={f4} labelFormatter={(l) => `epoch ${l}`} />
          <Legend />
          <Line yAxisId="loss" name="train loss (MSE)" dataKey="trainLoss" stroke="#8a6d3b" dot={false} isAnimationActive={false} />
          <Line yAxisId="rmse" name="train RMSE" dataKey="trainRmse" stroke="#7aa6d8" strokeDasharray="4 3" dot={false} isAnimationActive={false} />
          <Line
            yAxisId="rmse"
            name="test RMSE"
            dataKey="testRmse"
            stroke="#1f3b73"
            strokeWidth={2}
            dot={{ r: 2.5, className: 'test-rmse-dot' }}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
