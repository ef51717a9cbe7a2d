// pino-roll (bundled into the kiosk command) reads five functions of date-fns with
// `require('date-fns')`, which would bundle and run all of date-fns' 300 CommonJS modules at
// every start (~100 ms here). This module names just those five, from date-fns' own ES
// modules, so the bundler keeps only them. esbuild-shared.mjs routes pino-roll's require here.
export { addDays, addHours, format, isValid, parse } from 'date-fns';
