// Error messages and stack traces can carry personal data (an SMTP server echoing an address, say), so they
// travel as encoded payloads that the payload codec encrypts, never as plain text in Temporal's history.
// CommonJS because Temporal loads converters with require(), both in the client and in the workflow bundle.
const { DefaultFailureConverter } = require('@temporalio/common');

exports.failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
