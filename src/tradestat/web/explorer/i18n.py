"""Explorer text in English and Chinese. Figures are never translated, only labels."""

from __future__ import annotations

import re

from tradestat.query.words import DIMENSION_NAMES

LANGS = ("en", "zh")

_TEXT: dict[str, tuple[str, str]] = {
    "title": ("tradestat explorer", "tradestat 贸易统计浏览器"),
    "datasets": ("Datasets", "数据集"),
    "explore": ("Explore", "查询"),
    "bulletin": ("Bulletin", "公报"),
    "logout": ("Log out", "退出"),
    "login": ("Log in", "登录"),
    "api_key": ("API key", "API 密钥"),
    "login_help": (
        "Enter an API key. Create one on the server with: tradestat keys create --scope 'read:*'",
        "请输入 API 密钥。在服务器上创建：tradestat keys create --scope 'read:*'",
    ),
    "bad_key": ("That key is not valid or was revoked.", "密钥无效或已被吊销。"),
    "dataset": ("Dataset", "数据集"),
    "period": ("Period", "时期"),
    "base_period": ("Base period", "基期"),
    "flow": ("Flow", "流向"),
    "measure": ("Measure", "指标"),
    "currency": ("Currency", "币种"),
    "home_currency": ("home currency", "本币"),
    "by": ("Breakdown", "分组"),
    "then_by": ("then by", "再按"),
    "none": ("(none)", "（无）"),
    "compare": ("Comparisons", "比较"),
    "where": ("Only", "仅含"),
    "exclude": ("Excluding", "排除"),
    "filter_help": (
        "e.g. partner_group=rcep; partner=USA,DEU",
        "例如 partner_group=rcep; partner=USA,DEU",
    ),
    "top": ("Top N", "前 N 名"),
    "order_by": ("Rank by", "排序"),
    "having": ("Keep rows where", "筛选条件"),
    "run": ("Show", "查询"),
    "download_csv": ("Download CSV", "下载 CSV"),
    "share_link": ("Link to this view", "本视图链接"),
    "rows": ("rows", "行"),
    "grain": ("Grain", "粒度"),
    "periods": ("Periods", "时期范围"),
    "published": ("Published", "已发布"),
    "private": ("Private", "未发布"),
    "disclosure": ("Disclosure control", "保密控制"),
    "disclosure_on": (
        "Cells with fewer than {n} enterprises, or where one enterprise has {d}% or more, "
        "are hidden (and enough others that they cannot be derived). The figures shown are "
        "perturbed: each enterprise's values are moved by a fixed small share, so parts "
        "add up but small cells are approximate.",
        "企业数少于 {n} 家或单一企业占比达到 {d}% 的单元格不予显示"
        "（并隐藏足够的其他单元格，使其无法推算）。显示的数字经过扰动：每家企业的数值按固定的"
        "小比例上下浮动，合计一致，但小单元格为近似值。",
    ),
    "disclosure_off": (
        "Not applied: this key has the confidential scope.",
        "未应用：此密钥具有保密权限。",
    ),
    "suppressed": ("hidden", "保密"),
    "quick": ("Start from", "快速查询"),
    "q_groups": ("Exports by partner group, share and growth", "按伙伴组别的出口：占比与增长"),
    "q_monthly": ("Monthly trade with growth", "月度贸易及增长"),
    "q_top": ("Top 10 partners", "前十大贸易伙伴"),
    "q_products": ("Exports by product group", "按商品组别的出口"),
    "no_rows": ("No rows.", "无数据。"),
    "truncated": (
        "Showing the first {shown:,} of {total:,} rows; the CSV download has them all.",
        "仅显示前 {shown:,} 行（共 {total:,} 行）；下载 CSV 可获得全部数据。",
    ),
    "warnings": ("Notes", "说明"),
    "money_basis": ("Currency and exchange-rate basis", "币种与汇率口径"),
    "hs_edition": ("HS edition", "HS 版本"),
    "hs_edition_auto": ("latest recorded", "最新版本"),
    "hs_edition_recorded": ("as recorded", "按原版本"),
    "hs_basis": ("HS edition basis", "HS 版本口径"),
    "hs_converted": (
        "rows recorded in {e} converted ({c}% of value; {s}% split among several codes)",
        "{e} 版本的记录已转换（占金额 {c}%；其中 {s}% 按比例拆分到多个编码）",
    ),
    "spec": ("Bulletin", "公报类型"),
    "lang_switch": ("中文", "English"),
    "no_bulletins": ("Bulletins are not available on this server.", "此服务器不提供公报。"),
    "error": ("Error", "错误"),
    "rank": ("#", "排名"),
    "value": ("Value", "金额"),
    "base_value": ("Base value", "基期金额"),
    "growth_pct": ("Growth %", "增长 %"),
    "share_pct": ("Share %", "占比 %"),
    "share_pp": ("Share change (pp)", "占比变化（百分点）"),
    "contribution_pp": ("Contribution (pp)", "拉动（百分点）"),
    "unit": ("Unit", "计量单位"),
    "price_index": ("Price index", "价格指数"),
    "volume_index": ("Volume index", "数量指数"),
    "value_index": ("Value index", "价值指数"),
    "volume_pp": ("Volume (pp)", "数量拉动（百分点）"),
    "price_pp": ("Prices (pp)", "价格拉动（百分点）"),
    "residual_pp": ("Residual (pp)", "余项（百分点）"),
    "fx_pp": ("Exchange rate (pp)", "汇率影响（百分点）"),
    "revision_pp": ("Revisions (pp)", "修订影响（百分点）"),
    "index_method": ("Index formula", "指数公式"),
    "ix_fisher": ("Fisher", "费雪"),
    "ix_laspeyres": ("Laspeyres", "拉氏"),
    "ix_paasche": ("Paasche", "帕氏"),
    "flow_total": ("Total trade", "进出口"),
    "flow_export": ("Exports", "出口"),
    "flow_import": ("Imports", "进口"),
    "flow_balance": ("Balance", "贸易差额"),
    "m_value": ("Value", "金额"),
    "m_quantity": ("Quantity", "数量"),
    "m_orders": ("Orders", "订单数"),
    "m_records": ("Records", "记录数"),
    "m_enterprises": ("Enterprises", "企业数"),
    "m_partners": ("Partners", "贸易伙伴数"),
    "m_unit_value": ("Unit value", "单价"),
    "c_growth": ("Growth", "同比增长"),
    "c_share": ("Share", "占比"),
    "c_share_pp": ("Share change", "占比变化"),
    "c_contribution": ("Contribution", "拉动"),
    "c_price_index": ("Price index", "价格指数"),
    "c_volume_index": ("Volume index", "数量指数"),
    "c_value_index": ("Value index", "价值指数"),
    "c_effects": ("Volume, price, exchange rate, revisions", "数量、价格、汇率与修订影响"),
    "chart": ("Chart", "图表"),
    "chart_auto": ("automatic", "自动"),
    "chart_bar": ("bars", "柱状图"),
    "chart_line": ("lines", "折线图"),
    "chart_none": ("none", "不显示"),
    "scale": ("Scale", "单位"),
    "scale_auto": ("automatic", "自动"),
    "scale_exact": ("exact", "原值"),
    "pivot": ("Periods as columns", "时期作列"),
    "download_xlsx": ("Download Excel", "下载 Excel"),
    "n_vintages": ("{n} vintage(s)", "{n} 个版本"),
    "rows_words": (
        "{latest:,} rows in the latest vintage; {rows:,} stored with earlier vintages",
        "最新版本 {latest:,} 行；含早期版本共存储 {rows:,} 行",
    ),
    "no_enterprises": (
        "Not applicable: this dataset has no enterprises, so no cell is hidden.",
        "不适用：此数据集不含企业信息，不隐藏任何单元格。",
    ),
    "grain_words": ("Each row is one {fields}", "每行为一个{fields}组合"),
    "markets": ("Markets", "出口市场"),
    "markets_title": ("Export-market finder", "出口市场查找"),
    "markets_help": (
        "Markets for a product from an exporter, ranked by untapped potential: what the "
        "exporter would sell at its average share of all markets' imports, minus what it "
        "sells. Covers the demand and supply parts of ITC's Export Potential Map, not ease "
        "of trade.",
        "按未开发潜力排列某出口方某产品的市场：按其在全部市场进口中的平均份额应有的销售额减去"
        "实际销售额。涵盖国际贸易中心出口潜力图的需求与供给部分，不含贸易便利程度。",
    ),
    "product": ("Product (HS code or group)", "产品（HS 编码或产品组）"),
    "exporter": ("Exporter", "出口方"),
    "years": ("Years back", "回溯年数"),
    "demand": ("Demand from", "需求数据"),
    "demand_imports": ("markets' imports", "市场进口申报"),
    "demand_exports": ("exporters' reports (mirror)", "出口方申报（镜像）"),
    "market": ("Market", "市场"),
    "import_value": ("Imports", "进口额"),
    "import_value_base": ("Imports, base", "基期进口额"),
    "import_growth_pct": ("Growth % a year", "年均增长 %"),
    "exporter_value": ("Exporter's sales", "出口方销售额"),
    "exporter_share_pct": ("Exporter's share %", "出口方份额 %"),
    "share_change_pp": ("Share change, pp", "份额变化（百分点）"),
    "exporter_rca": ("Exporter's RCA", "出口方显示性比较优势"),
    "potential_value": ("Potential", "潜力"),
    "untapped_value": ("Untapped", "未开发潜力"),
}

DIMENSION_LABELS = DIMENSION_NAMES
# the engine's coverage notes, in Chinese; a note of another shape stays as written
_WARNINGS_ZH = (
    (re.compile(r"^(current|base) period (\S+) has no data$"), "{side}{1}无数据"),
    (
        re.compile(r"^(current|base) period (\S+) lacks data for (\d+) month\(s\): (.*)$"),
        "{side}{1}缺少 {2} 个月的数据：{3}",
    ),
)
_SIDES_ZH = {"current": "本期", "base": "基期"}
_NOTES_ZH = (  # reading notes (tradestat.engine.home_market)
    (
        re.compile(
            r"^partners? (.+?) (?:is the reporter itself|are their rows' own reporters): "
            r".*; (\{.*\}) leaves (?:it|them) out$"
        ),
        "贸易伙伴 {0} 即申报方本身：这些行是申报方本国市场内的交易（平台的国内销售、"
        "复进口货物），不是与其他国家或地区的贸易；{1} 可将其排除",
    ),
)


def warning(note: str, lang: str) -> str:
    """A provenance warning or reading note in ``lang``."""
    if lang != "zh":
        return note
    for pattern, template in _WARNINGS_ZH:
        m = pattern.match(note)
        if m:
            side, *rest = m.groups()
            return template.format(None, *rest, side=_SIDES_ZH[side])
    for pattern, template in _NOTES_ZH:
        if m := pattern.match(note):
            return template.format(*m.groups())
    return note


def text(lang: str) -> dict[str, str]:
    i = 1 if lang == "zh" else 0
    out = {k: v[i] for k, v in _TEXT.items()}
    out.update({f"d_{k}": v[i] for k, v in DIMENSION_LABELS.items()})
    return out


def pick_lang(requested: str | None, cookie: str | None) -> str:
    for lang in (requested, cookie):
        if lang in LANGS:
            return lang
    return "en"
