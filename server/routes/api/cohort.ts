// The cohort dashboard for a programme's managers: where the teams stand and how they moved.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { RecordId } from '../../auth/schemas.js';
import { notFound } from '../../errors.js';
import { managedProgramme } from '../../integration/access.js';
import { cohortOf, teamListOf, teamOf } from '../../integration/cohort-view.js';
import { CohortQuery, CohortSchema, TeamSchema } from '../../integration/schemas.js';
import { staffOf } from '../../plugins/app/auth.js';
import { errorResponses } from '../../schemas/common.js';

export default async function cohortRoutes(app: FastifyInstance) {
  const fastify = app.withTypeProvider<TypeBoxTypeProvider>();
  const { programmes } = fastify.staffRepos;
  const tags = ['cohort'];
  const security = [{ session: [] }];
  fastify.addHook('preHandler', fastify.requireStaff);

  fastify.get('/programmes/:id/cohort', {
    schema: {
      tags, security, summary: 'The cohort\'s figures: distributions, statuses, profiles, knock-outs and progress (managers)',
      description: 'Computed from the scores stored at submit time. Each team (a chain of re-takes) counts once, with its latest attempt. The figures describe the shares up to the last step of at least COHORT_MIN_GROUP teams per area; an area with fewer teams is in no figure (reason cohort-group-too-small). The team list is live (see docs/integration.md, "Anonymity model").',
      params: Type.Object({ id: RecordId }),
      querystring: CohortQuery,
      response: { 200: CohortSchema, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request) => {
    const p = await managedProgramme(programmes, staffOf(request).auth, request.params.id);
    const { rows, ...figures } = await cohortOf(fastify.integration, fastify.catalog, p, request.query.area, fastify.config.cohortMinGroup, fastify.config.peerMinPool);
    // Managers and admins read every shared submission in the submissions list, so its teams are theirs at any size.
    return { ...figures, teamList: teamListOf(rows.submissions) };
  });

  fastify.get('/programmes/:id/cohort/teams/:teamId', {
    schema: {
      tags, security, summary: 'One team: its attempts shared with the programme, with per-value scores and the change from first to latest (managers)',
      description: 'teamId is any attempt of the team shared with this programme; the answer\'s id is its first such attempt.',
      params: Type.Object({ id: RecordId, teamId: RecordId }),
      response: { 200: TeamSchema, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request) => {
    const p = await managedProgramme(programmes, staffOf(request).auth, request.params.id);
    const team = await teamOf(fastify.integration, p, request.params.teamId);
    if (!team) throw notFound('team-not-found', 'no team with this id in this programme');
    return team;
  });
}
