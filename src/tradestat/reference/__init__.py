"""Reference data and classifications: partners and partner groups, HS and product groups,
China's regions, customs trade modes, enterprise types and exchange rates.

Everything here is packaged data (CSV / YAML / Parquet under ``data/``) with a provenance
note (``data/PROVENANCE.md``), validated on first load and cached. Importing this package is
cheap: pandas, pyarrow and YAML are only imported by the functions that need them.
User group files and rate tables are read from ``TRADESTAT_REFERENCE_PATH``; call
``clear_caches()`` after changing it in a running process.
"""

from __future__ import annotations

from tradestat.reference.categories import category_name
from tradestat.reference.china_codes import china_codes, china_edition
from tradestat.reference.concordance import (
    ALL_EDITIONS,
    END_USES,
    bec_end_use,
    end_use_name,
    hs_classes,
    hs_path,
    hs_targets,
    sitc_section_name,
    sitc_sections,
)
from tradestat.reference.enterprises import (
    enterprise_type_ids,
    enterprise_type_name,
    resolve_enterprise_type,
)
from tradestat.reference.errors import ReferenceError, UnknownCode
from tradestat.reference.fx import (
    fx_annual_map,
    fx_annual_rates,
    fx_currencies,
    fx_fingerprint,
    fx_monthly_map,
    fx_rate,
    fx_rates,
)
from tradestat.reference.groups import (
    Group,
    Membership,
    partner_group,
    partner_group_ids,
    partner_group_members_on,
    partner_group_months,
    partner_groups_of,
)
from tradestat.reference.hs import (
    hs_codes,
    hs_conversion,
    hs_correspondence,
    hs_editions,
    hs_label,
    hs_section,
    hs_sections,
)
from tradestat.reference.partners import (
    Partner,
    partner,
    partner_code_table,
    partner_codes,
    partner_name,
    partner_name_in_text,
    resolve_partner,
    resolve_partners,
)
from tradestat.reference.product_groups import (
    ProductGroup,
    product_group,
    product_group_ids,
    product_groups_for_codes,
)
from tradestat.reference.regions import (
    Region,
    city_of,
    normalize_region,
    province_of,
    region,
    region_codes,
    region_level,
    region_name,
    resolve_region,
)
from tradestat.reference.trade_modes import (
    TradeMode,
    stat_code_of,
    stat_trade_mode_codes,
    trade_mode,
    trade_mode_codes,
    trade_mode_group_info,
    trade_mode_groups,
    trade_mode_name,
)
from tradestat.reference.zones import zone_name, zone_name_in_text, zones

__all__ = [
    "ALL_EDITIONS",
    "END_USES",
    "Group",
    "Membership",
    "Partner",
    "ProductGroup",
    "ReferenceError",
    "Region",
    "TradeMode",
    "UnknownCode",
    "bec_end_use",
    "category_name",
    "china_codes",
    "china_edition",
    "city_of",
    "clear_caches",
    "end_use_name",
    "enterprise_type_ids",
    "enterprise_type_name",
    "fx_annual_map",
    "fx_annual_rates",
    "fx_currencies",
    "fx_fingerprint",
    "fx_monthly_map",
    "fx_rate",
    "fx_rates",
    "hs_classes",
    "hs_codes",
    "hs_conversion",
    "hs_correspondence",
    "hs_editions",
    "hs_label",
    "hs_path",
    "hs_section",
    "hs_sections",
    "hs_targets",
    "normalize_region",
    "partner",
    "partner_code_table",
    "partner_codes",
    "partner_group",
    "partner_group_ids",
    "partner_group_members_on",
    "partner_group_months",
    "partner_groups_of",
    "partner_name",
    "partner_name_in_text",
    "product_group",
    "product_group_ids",
    "product_groups_for_codes",
    "province_of",
    "region",
    "region_codes",
    "region_level",
    "region_name",
    "resolve_enterprise_type",
    "resolve_partner",
    "resolve_partners",
    "resolve_region",
    "sitc_section_name",
    "sitc_sections",
    "stat_code_of",
    "stat_trade_mode_codes",
    "trade_mode",
    "trade_mode_codes",
    "trade_mode_group_info",
    "trade_mode_groups",
    "trade_mode_name",
    "zone_name",
    "zone_name_in_text",
    "zones",
]


def clear_caches() -> None:
    """Forget every loaded reference table (e.g. after changing TRADESTAT_REFERENCE_PATH)."""
    import sys

    for name, module in list(sys.modules.items()):
        if name.startswith("tradestat.reference.") and module is not None:
            for obj in vars(module).values():
                if callable(getattr(obj, "cache_clear", None)):
                    obj.cache_clear()
