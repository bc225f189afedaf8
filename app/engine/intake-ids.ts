// The intake as the code names it (everything else about the intake is content): the id its
// questions carry as their area, and the questions the code reads by id. One home for each, so a
// rename is one change here and in content/intake.yaml.

/** The area id of intake questions, and the id of the intake's questionnaire section. */
export const INTAKE_AREA = "intake";

export const BUILDER_QUESTION = "intake.builder";
export const STAGE_QUESTION = "intake.stage";
