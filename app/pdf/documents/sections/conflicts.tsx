// Answers that contradict each other, in the report's summary: the results page warns of them and
// the review page lists them, and a founder (or an investor they forward the report to) who sees
// neither would read a mis-clicked answer's large task as settled.
import { Text, View } from "@react-pdf/renderer";

import { aboutHours, plural } from "../../blocks/format";
import { colors, s } from "../../blocks/styles";
import type { ReportConflict } from "../../types";

/** "Puts “Add a real database” (about 62 h) and 2 other tasks in the plan", as the review page says. */
function workText(work: NonNullable<ReportConflict["answers"][number]["work"]>): string {
  const others = work.others > 0 ? ` and ${plural(work.others, "other task")}` : "";
  return `puts “${work.title}” (${aboutHours(work.hours)})${others} in the plan`;
}

export function ConflictsNote({ conflicts }: { conflicts: { title: string; items: ReportConflict[] } }) {
  return (
    <View style={s.calloutCaution}>
      <Text minPresenceAhead={40} style={[s.h3, { color: colors.caution }]}>
        {conflicts.title}
      </Text>
      <Text style={[s.body, { color: colors.ink }]}>
        {`The answers in ${conflicts.items.length === 1 ? "this set" : "each set"} can't all be true of the same app, so one was probably picked by mistake. The scores and the estimate count them as given: changing the wrong one changes the plan.`}
      </Text>
      {conflicts.items.map((c, i) => (
        <View key={i} wrap={false} style={{ marginTop: 6 }}>
          <Text style={[s.body, { color: colors.ink }]}>{c.message}</Text>
          {c.answers.map((a) => (
            <View key={a.questionId} style={{ flexDirection: "row", marginTop: 2 }}>
              <Text style={[s.small, { width: 10, color: colors.caution }]}>•</Text>
              <Text style={[s.small, s.muted, { flex: 1 }]}>
                {`${a.prompt} — `}
                <Text style={[s.bold, { color: colors.ink }]}>{`“${a.answer}”`}</Text>
                {a.work ? `; ${workText(a.work)}` : ""}
              </Text>
            </View>
          ))}
        </View>
      ))}
    </View>
  );
}
