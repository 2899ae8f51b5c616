import { useEffect, useRef, type Dispatch, type SetStateAction } from 'react';
import type { TrainConfig } from '../../config/config';

/** A test file that arrives with the data (u1.base + u1.test dropped together) becomes the test set at once. */
export function useTestFileSplit(testSource: string | undefined, setConfig: Dispatch<SetStateAction<TrainConfig>>): void {
  const seenTestSource = useRef(testSource);
  useEffect(() => {
    if (testSource === seenTestSource.current) return;
    seenTestSource.current = testSource;
    if (testSource) setConfig((c) => (c.split === 'file' ? c : { ...c, split: 'file' }));
  }, [testSource]);
}
