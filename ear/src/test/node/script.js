'use strict';
// What every script here shares: its settings come from environment variables, its result is one JSON line on
// standard output, and any failure ends it with exit code 1 and a message on standard error.

/** The value of the environment variable `name`; fails the script when it is not set. */
function setting(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`the environment variable ${name} is not set`);
  }
  return value;
}

/** Resolves once `done()` is true, checked every 100 ms; rejects after `millis` with a message naming `what`. */
async function waitUntil(done, millis, what) {
  const deadline = Date.now() + millis;
  while (!done()) {
    if (Date.now() > deadline) {
      throw new Error(`no ${what} within ${millis / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs `main`, prints what it resolves to as one JSON line and exits 0, or prints its error and exits 1. */
function run(main) {
  main().then(
    (result) => {
      process.stdout.write(JSON.stringify(result) + '\n', () => process.exit(0));
    },
    (error) => {
      process.stderr.write(`${process.argv[1]}: ${error && error.stack ? error.stack : error}\n`, () => process.exit(1));
    });
}

/** The text of a message body as the SDKs hand it over: a Buffer, a string or parsed JSON. */
function text(body) {
  if (Buffer.isBuffer(body) || typeof body === 'string') {
    return body.toString();
  }
  return JSON.stringify(body);
}

module.exports = { setting, waitUntil, run, text };
