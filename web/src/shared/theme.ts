import type { ThemeConfig } from 'antd';

// Government blue with a red accent, square-ish corners: the look of provincial 政务服务网 portals.
export const GOV_BLUE = '#0b4a9a';
export const GOV_RED = '#c8161d';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: GOV_BLUE,
    colorLink: GOV_BLUE,
    colorError: '#c8161d',
    borderRadius: 4,
    fontSize: 14,
    colorText: '#1f2329',
    colorTextSecondary: '#4e5969',
    // antd's defaults for help text and placeholders fall below WCAG AA contrast on white.
    colorTextDescription: '#5c6672',
    colorTextPlaceholder: '#767e89',
    fontFamily:
      '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "Hiragino Sans GB", system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  },
  components: {
    Table: { headerBg: '#eef3fa', headerColor: '#1f2329', cellPaddingBlockSM: 6 },
    Descriptions: { labelBg: '#f4f7fb' },
    Tabs: { titleFontSizeLG: 16 },
    Menu: { itemSelectedBg: '#e6eef9', itemSelectedColor: GOV_BLUE, itemHoverBg: '#f0f4fa' },
  },
};
