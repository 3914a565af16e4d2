// The comparison page: the same AI questionnaire rendered by SurveyJS's MIT form library. Like the
// Zelftoets page, it fetches the questionnaire at run time, so only library and glue code count as page weight.
import { Model } from 'survey-core';
import { renderSurvey } from 'survey-js-ui';
// The fontless theme: the default one fetches Open Sans from Google, which the Zelftoets page does not need either.
import 'survey-core/survey-core.fontless.css';

const json = await (await fetch('/survey.json')).json();
const survey = new Model(json);
renderSurvey(survey, document.getElementById('app')!);
