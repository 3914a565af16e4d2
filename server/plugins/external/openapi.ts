import swagger from '@fastify/swagger';
import fp from 'fastify-plugin';
import { ErrorResponse } from '../../schemas/common.js';

export default fp(
  async function openapi(fastify) {
    fastify.addSchema(ErrorResponse);
    await fastify.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'Publieke Waarden Zelftoets API',
          version: '1.0.0',
          description: 'Questionnaires, responses, reports and stateless scoring. See docs/api.md for the contract and docs/scoring.md for how scores are computed.',
        },
        components: {
          securitySchemes: {
            resumeToken: { type: 'http', scheme: 'bearer', description: 'The resume token returned when a response is started.' },
            shareToken: { type: 'http', scheme: 'bearer', description: 'The token of a share link (read-only access to one report).' },
            session: { type: 'apiKey', in: 'cookie', name: 'zt_session', description: 'A signed-in staff member; writes also send the session\'s CSRF token as x-csrf-token.' },
            apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'A programme\'s API key (integration API): reads that programme only.' },
          },
        },
        tags: [
          { name: 'questionnaires', description: 'The questionnaires and the value catalogue' },
          { name: 'responses', description: 'A respondent\'s test, reached with its resume token' },
          { name: 'scoring', description: 'Stateless scoring' },
          { name: 'sharing', description: 'Read-only links to a submitted report' },
          { name: 'exports', description: 'Report and answers as JSON, CSV and PDF; importing a JSON export' },
          { name: 'service', description: 'Health and description of the service' },
          { name: 'site', description: 'What the browser needs to build links: the public address' },
          { name: 'plan', description: 'A respondent\'s action plan: adopted actions with owner, due date and status; CSV and iCalendar' },
          { name: 'verification', description: 'Signed reports: the published keys and the status of a statement (docs/verification.md)' },
          { name: 'peers', description: 'The opt-in anonymous peer comparison of a submitted report (docs/privacy.md)' },
          { name: 'editor', description: 'Questionnaire versions as content: drafts, review, publication (docs/editor.md); editors and administrators' },
          { name: 'versions', description: 'A respondent\'s open response and newer published versions of its questionnaire (docs/editor.md, "Serving versions")' },
        ],
      },
    });
  },
  { name: 'openapi' },
);
