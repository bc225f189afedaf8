// What the proposal leaves out ("Out of scope") and leaves for later ("Later"), each item with its
// reason, right after the scope of work. Expected hours are printed for scale and said not to be in
// the totals; each group's figure is what its rows add up to. Versions published before these lists
// existed print nothing here.
import { Text, View } from "@react-pdf/renderer";

import { outOfScopeGroups } from "~/engine/out-of-scope";
import { PHASE_LABELS, type OutOfScopeItem } from "~/engine/plan-types";
import { sumOfShownHours } from "~/utils/format";

import { formatHours, plural } from "../../blocks/format";
import { Section } from "../../blocks/primitives";
import { colors, s } from "../../blocks/styles";
import { Table, TableHead, TableRow, type Column } from "../../blocks/table";

const COLUMNS: Column[] = [
  { label: "Item and why" },
  { label: "Area", width: 86 },
  { label: "Phase", width: 70 },
  { label: "Expected", width: 56, align: "right" },
];

export function OutOfScope({ items }: { items: OutOfScopeItem[] | undefined }) {
  const groups = outOfScopeGroups(items);
  if (groups.length === 0) return null;
  return (
    <Section>
      {groups.map((g) => (
        <View key={g.scope} style={{ marginTop: 12 }}>
          <View
            minPresenceAhead={70}
            style={{ flexDirection: "row", alignItems: "flex-end", marginBottom: 4 }}
          >
            <Text style={[s.h2, { marginTop: 0, marginBottom: 0, flex: 1 }]}>{g.heading}</Text>
            <Text style={[s.small, s.muted]}>
              {`${plural(g.items.length, "item")} · ${formatHours(sumOfShownHours(g.items.map((i) => i.mean)))} expected, not in the totals`}
            </Text>
          </View>
          <Table>
            <TableHead columns={COLUMNS} />
            {g.items.map((item) => (
              <TableRow
                key={item.id}
                columns={COLUMNS}
                cells={[
                  <Text key="t" style={[s.td, { color: colors.ink }]}>
                    <Text style={s.bold}>{item.title}</Text>
                    <Text style={{ color: colors.body }}>{`\n${item.reason}`}</Text>
                  </Text>,
                  item.areaTitle,
                  PHASE_LABELS[item.phase] ?? item.phase,
                  formatHours(item.mean),
                ]}
              />
            ))}
          </Table>
        </View>
      ))}
      <Text style={[s.small, s.muted, { marginTop: 6 }]}>
        These items are not part of the price or the timeline of this version. Any of them can be added in a
        new version.
      </Text>
    </Section>
  );
}
