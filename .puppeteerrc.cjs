// Chromium comes from the system (Debian's `chromium`, or CHROMIUM_PATH), never from a Puppeteer download.
module.exports = { skipDownload: true };
