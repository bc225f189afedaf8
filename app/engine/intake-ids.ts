// Intake questions the code reads by id (everything else about the intake is content). One home
// for each id, so a rename is one change here and in content/intake.yaml.
export const BUILDER_QUESTION = "intake.builder";
export const STAGE_QUESTION = "intake.stage";
