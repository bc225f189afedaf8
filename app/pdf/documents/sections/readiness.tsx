// Readiness per area: the radar next to a list of the same scores with bars and risk counts, so the
// chart is never the only place a number appears.
import { Text, View } from "@react-pdf/renderer";

import { plural } from "../../blocks/format";
import { colors, s } from "../../blocks/styles";
import type { ReportArea } from "../../types";
import { Radar, scoreColor } from "./radar";

// The report passes its areas as they are; the proposal builds these from its snapshot, which does
// not keep how many answers were "not sure" (so `unsure` is optional).
type AreaScore = Pick<
  ReportArea,
  "title" | "applicable" | "score" | "level" | "high" | "medium" | "blockers"
> & { unsure?: number };

function Bar({ score }: { score: number | null }) {
  return (
    <View style={{ height: 4, backgroundColor: colors.band, borderRadius: 2, marginTop: 3 }}>
      {score !== null ? (
        <View
          style={{
            width: `${Math.max(2, Math.min(100, score))}%`,
            height: 4,
            backgroundColor: scoreColor(score),
            borderRadius: 2,
          }}
        />
      ) : null}
    </View>
  );
}

function counts(a: AreaScore): string {
  if (!a.applicable) return "Does not apply to this product";
  const parts = [];
  if (a.blockers > 0) parts.push(`${a.blockers} launch ${a.blockers === 1 ? "blocker" : "blockers"}`);
  // Blockers are high risks too (the content check makes sure); counted once, as the findings list them.
  if (a.high - a.blockers > 0) parts.push(`${a.high - a.blockers} high`);
  if (a.medium > 0) parts.push(`${a.medium} medium`);
  // "I'm not sure" is scored as a gap, not as a risk: an area answered only with it scores 0 and has
  // no risks to count, and "No significant risks found" beside that 0 told a founder the opposite.
  const unsure = a.unsure ?? 0;
  if (unsure > 0 && parts.length > 0) parts.push(`${unsure} not sure`);
  if (parts.length > 0) return parts.join(" · ");
  if (unsure > 0)
    return `${plural(unsure, "answer")} not sure: scored as ${unsure === 1 ? "a gap" : "gaps"} until someone checks`;
  // No score means no scored answer: nobody has looked at the area yet, which says nothing about
  // its risks (the results page says "Not answered yet" too).
  return a.score === null ? "Not answered yet" : "No significant risks found";
}

export function ReadinessPanel({ areas }: { areas: AreaScore[] }) {
  return (
    <View style={{ flexDirection: "row", alignItems: "center", marginBottom: 12 }} wrap={false}>
      <View style={{ width: 250, alignItems: "center" }}>
        <Radar areas={areas} width={250} height={214} />
      </View>
      <View style={{ flex: 1, paddingLeft: 14 }}>
        {areas.map((a) => (
          <View key={a.title} style={{ marginBottom: 7 }}>
            <View style={{ flexDirection: "row", justifyContent: "space-between" }}>
              <Text
                style={{
                  fontSize: 8.5,
                  fontWeight: "bold",
                  color: a.applicable ? colors.ink : colors.faint,
                  flex: 1,
                  paddingRight: 6,
                }}
              >
                {a.title}
              </Text>
              <Text
                style={[
                  s.num,
                  {
                    fontSize: 8.5,
                    fontWeight: "bold",
                    color: a.applicable && a.score !== null ? scoreColor(a.score) : colors.faint,
                  },
                ]}
              >
                {a.applicable ? (a.score === null ? "–" : `${a.score}`) : "n/a"}
              </Text>
            </View>
            {a.applicable ? <Bar score={a.score} /> : null}
            <Text style={[s.tiny, a.blockers > 0 ? { color: colors.danger } : {}]}>
              {a.level && a.applicable ? `${a.level} · ` : ""}
              {counts(a)}
            </Text>
          </View>
        ))}
      </View>
    </View>
  );
}
