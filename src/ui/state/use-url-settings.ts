import { useEffect, useState } from 'react';
import type { BackendChoice, TrainConfig } from '../../config/config';
import { configToQuery } from '../../config/settings';
import { queryToConfig, queryToSpace, spaceToQuery } from './url-state';

const fromUrl = queryToConfig(window.location.search);
const spaceFromUrl = queryToSpace(window.location.search);

/**
 * The settings of the next run, the backend and the Tune panel's search space: first from the link the page
 * was opened with, then kept in its URL as they change (so a link reproduces them).
 */
export function useUrlSettings() {
  const [config, setConfig] = useState<TrainConfig>(fromUrl.config);
  const [backend, setBackend] = useState<BackendChoice>(fromUrl.backend);
  /** Bad values in the link the page was opened with: said once, until dismissed. */
  const [urlIgnored, setUrlIgnored] = useState([...fromUrl.ignored, ...spaceFromUrl.ignored]);
  const [space, setSpace] = useState(spaceFromUrl.space);

  useEffect(() => {
    window.history.replaceState(null, '', `?${configToQuery(config, backend)}${spaceToQuery(space)}`);
  }, [config, backend, space]);

  return { config, setConfig, backend, setBackend, space, setSpace, urlIgnored, dismissUrlIgnored: () => setUrlIgnored([]) };
}
