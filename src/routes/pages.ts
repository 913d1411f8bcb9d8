// HTML pages at pinterest.com's own paths, one route file per feature. Order matters: the
// profile and board routes take any /USER/..., so they come last.
import { Hono } from 'hono';
import type { Deps } from '../deps.js';
import { aboutRoutes } from './about.js';
import { searchRoutes } from './search.js';
import { pinRoutes } from './pin.js';
import { profileAndBoardRoutes } from './profile-board.js';

export function pageRoutes(deps: Deps): Hono {
  const app = new Hono();
  app.route('/', aboutRoutes(deps));
  app.route('/', searchRoutes(deps));
  app.route('/', pinRoutes(deps));
  app.route('/', profileAndBoardRoutes(deps));
  return app;
}
