// The estimate lives in core/ so the home page (through the API) and the test page (on the
// questionnaire it already has) show the same number.
export { estimateMinutes } from '../../core/estimate.js';
