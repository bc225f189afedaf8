// The cover: what this document is, for which product, which version and date, and who it is from
// and for. Its own page, without running header or page number.
import { Page, Text, View } from "@react-pdf/renderer";

import type { PartnerIdentity } from "~/engine/plan-types";
import { websiteLabel } from "~/utils/partner-profile";

import type { TagKind } from "../../blocks/primitives";
import { colors, PAGE_MARGIN, s } from "../../blocks/styles";
import { truncate } from "../../blocks/text";

interface CoverFact {
  label: string;
  value: string;
  detail?: string;
}

/** The partner's company as a cover names it (decision 035); null without one: Finishline's cover. */
export type CoverBrand = { name: string; detail: string };

/** A partner identity's cover brand: the company, with its website and address line beneath. */
export function coverBrand(partner: PartnerIdentity | null | undefined): CoverBrand | null {
  if (!partner?.company) return null;
  return {
    name: partner.company,
    detail: [websiteLabel(partner.website), partner.addressLine].filter(Boolean).join(" · "),
  };
}

/** Product names can be long; the title shrinks so it stays a title, not a paragraph. */
function titleSize(title: string): number {
  const n = Array.from(title).length;
  return n <= 32 ? 30 : n <= 60 ? 24 : n <= 120 ? 19 : 15;
}

export function Cover({
  kind,
  product,
  subtitle,
  description,
  facts,
  status,
  fontFamily,
  brand = null,
  price = null,
}: {
  kind: string;
  product: string;
  subtitle: string;
  description: string;
  facts: CoverFact[];
  status?: { label: string; tone: TagKind };
  /** the document's font list (blocks/fonts.ts planFonts) */
  fontFamily: string[];
  /**
   * The partner's company in place of Finishline's name at the top (decision 035), with its website
   * and address line; Finishline is then named small at the bottom. Null: Finishline's cover.
   */
  brand?: CoverBrand | null;
  /** the headline price ("Fixed price €24,000") with the estimate and tax note beneath it */
  price?: { headline: string; lines: string[] } | null;
}) {
  const size = titleSize(product);
  return (
    <Page size="A4" style={[s.coverPage, { fontFamily }]}>
      <View style={{ height: 10, backgroundColor: colors.brand }} />
      <View
        style={{
          paddingHorizontal: PAGE_MARGIN,
          paddingTop: 40,
          flexDirection: "row",
          justifyContent: "space-between",
        }}
      >
        {brand ? (
          <>
            <Text style={{ fontSize: 11, fontWeight: "bold", color: colors.brand, maxWidth: 250 }}>
              {truncate(brand.name, 100)}
            </Text>
            <Text style={{ fontSize: 8, color: colors.muted, maxWidth: 250, textAlign: "right" }}>
              {truncate(brand.detail, 200)}
            </Text>
          </>
        ) : (
          <>
            <Text style={{ fontSize: 10, fontWeight: "bold", color: colors.brand, letterSpacing: 2 }}>
              FINISHLINE
            </Text>
            <Text style={{ fontSize: 8, color: colors.muted }}>
              Production readiness for AI-built products
            </Text>
          </>
        )}
      </View>

      <View style={{ paddingHorizontal: PAGE_MARGIN, marginTop: 150 }}>
        <Text style={[s.sectionEyebrow, { fontSize: 9, marginBottom: 10 }]}>{kind}</Text>
        <Text style={{ fontSize: size, fontWeight: "bold", color: colors.ink, lineHeight: 1.15 }}>
          {product}
        </Text>
        <Text style={{ fontSize: 13, lineHeight: 1.3, color: colors.muted, marginTop: 10 }}>{subtitle}</Text>
        {status ? (
          <View style={{ flexDirection: "row", marginTop: 14 }}>
            <Text
              style={[
                s.tag,
                { fontSize: 7.5, paddingHorizontal: 6, paddingTop: 2.5, paddingBottom: 2 },
                status.tone === "brand"
                  ? s.tagBrand
                  : status.tone === "blocker"
                    ? s.tagBlocker
                    : s.tagNeutral,
              ]}
            >
              {status.label}
            </Text>
          </View>
        ) : null}
        {price ? (
          <View style={{ marginTop: 22 }}>
            <Text style={{ fontSize: 18, fontWeight: "bold", color: colors.ink }}>{price.headline}</Text>
            {price.lines.map((line) => (
              <Text key={line} style={{ fontSize: 9, lineHeight: 1.4, color: colors.muted, marginTop: 3 }}>
                {line}
              </Text>
            ))}
          </View>
        ) : null}
        {description ? (
          <Text style={{ fontSize: 10, lineHeight: 1.55, color: colors.body, marginTop: 22, maxWidth: 400 }}>
            {description}
          </Text>
        ) : null}
      </View>

      <View
        style={{
          position: "absolute",
          left: PAGE_MARGIN,
          right: PAGE_MARGIN,
          bottom: 56,
          borderTopWidth: 1,
          borderTopColor: colors.ink,
          paddingTop: 12,
          flexDirection: "row",
          flexWrap: "wrap",
        }}
      >
        {facts.map((f) => (
          <View key={f.label} style={{ width: "50%", paddingRight: 16, marginBottom: 12 }}>
            <Text style={s.kpiLabel}>{f.label}</Text>
            <Text style={{ fontSize: 10, lineHeight: 1.35, color: colors.ink, marginTop: 2 }}>{f.value}</Text>
            {f.detail ? (
              <Text style={{ fontSize: 8, lineHeight: 1.35, color: colors.muted }}>{f.detail}</Text>
            ) : null}
          </View>
        ))}
      </View>
      {brand ? (
        <Text
          style={{ position: "absolute", left: PAGE_MARGIN, bottom: 30, fontSize: 7, color: colors.faint }}
        >
          Made with Finishline
        </Text>
      ) : null}
    </Page>
  );
}
