/**
 * Every word the HTML report shows, in English and Japanese (chosen like the CLI's other output: --lang, else
 * the locale). Values from the run (serials, messages) are never part of these strings; the page inserts them
 * separately, escaped.
 */
import type { Lang } from '../../i18n/locale.js';

export interface ReportLabels {
  htmlLang: string;
  title: string;
  simulatedBanner: string;
  runHeading: string;
  hostRole: string;
  grandmaster: string;
  method: string;
  backend: string;
  strategy: string;
  simulated: string;
  yes: string;
  no: string;
  samples: string;
  cameras: string;
  threshold: string;
  verdict: string;
  verdictReason: string;
  measuredVerdict: string;
  exitCode: string;
  endReason: string;
  timescaleRule: string;
  ptpWarnings: string;
  fatalError: string;
  notesHeading: string;
  reduction(samples: number, buckets: number, width: number): string;
  noReduction(samples: number): string;
  camerasCaption: string;
  truncated(completeLines: number, droppedBytes: number): string;
  noSummary: string;
  unversioned: string;
  severalSummaries(n: number): string;
  summaryTableHeading: string;
  serial: string;
  answered: string;
  runVerdict: string;
  estimate: string;
  strictBound: string;
  reference: string;
  notAvailable: string;
  maxAbsCorrected: string;
  windowOutliers: string;
  errors: string;
  offsetHeading: string;
  offsetCaption(threshold: string): string;
  thresholdOffScale: string;
  /** '{n}' is replaced by the page's script. */
  beyondRange: string;
  histogramHeading: string;
  histogramCaption(binNs: string): string;
  windowHeading: string;
  windowCaption: string;
  driftHeading: string;
  driftCaption: string;
  slope: string;
  vsRig: string;
  driftNone: string;
  ptpHeading: string;
  start: string;
  end: string;
  status: string;
  servo: string;
  offsetFromMaster: string;
  noPtpView: string;
  errorsHeading: string;
  errorsCaption(shown: number, total: number): string;
  noErrors: string;
  sampleIndex: string;
  code: string;
  message: string;
  count: string;
  firstSample: string;
  axisTime: string;
  axisDelta: string;
  axisWindow: string;
  axisHostOffset: string;
  axisCount: string;
  axisSample: string;
  seriesMax: string;
  seriesMin: string;
  seriesHigh: string;
  seriesLow: string;
  seriesOutliers: string;
  seriesMean: string;
  seriesFit: string;
  lineThreshold: string;
  lineEstimate: string;
  lineStrict: string;
  noData: string;
  generatedBy: string;
}

const en: ReportLabels = {
  htmlLang: 'en',
  title: 'ptpcam timestat report',
  simulatedBanner: 'SIMULATED rig: no real camera or ptp4l was involved',
  runHeading: 'Run',
  hostRole: 'Host PTP role',
  grandmaster: 'Grandmaster',
  method: 'Method',
  backend: 'Backend',
  strategy: 'Strategy',
  simulated: 'Simulated',
  yes: 'yes',
  no: 'no',
  samples: 'Samples',
  cameras: 'Cameras',
  threshold: 'Threshold',
  verdict: 'Verdict',
  verdictReason: 'Reason',
  measuredVerdict: 'Verdict of the samples alone',
  exitCode: 'Exit code',
  endReason: 'Run ended',
  timescaleRule: 'Host reference',
  ptpWarnings: 'PTP warnings',
  fatalError: 'Error that ended the run',
  notesHeading: 'Notes',
  reduction: (n, b, w) =>
    `Series are reduced for drawing: the ${n} samples fall into ${b} buckets of ${w} consecutive sample${w === 1 ? '' : 's'} each, and every bucket keeps its minimum and maximum, so no extreme is lost. Counts and the histogram use every sample.`,
  noReduction: (n) => `Every one of the ${n} samples is drawn (no reduction was needed).`,
  camerasCaption:
    "Offset vs median: the camera's mean corrected offset minus the median of every camera's. Strict bound vs reference: an interval that holds whatever the host timing did.",
  truncated: (n, bytes) =>
    `The file ends in the middle of a line (a run killed while writing): the report shows the ${n} complete lines; the last ${bytes} bytes were left out.`,
  noSummary: 'The file has no summary line (the run did not finish): the header and tables show only what the sample lines carry.',
  unversioned: 'These JSON lines carry no schema version (written by an earlier ptpcam); they were read as version 1.',
  severalSummaries: (n) => `The file has ${n} summary lines; the last one is shown.`,
  summaryTableHeading: 'Cameras',
  serial: 'Serial',
  answered: 'Answered',
  runVerdict: 'Verdict',
  estimate: 'Offset vs median (estimate ± bound)',
  strictBound: 'Strict bound vs reference',
  reference: 'reference',
  notAvailable: 'n/a',
  maxAbsCorrected: 'Max |corrected delta|',
  windowOutliers: 'Window outliers',
  errors: 'Errors',
  offsetHeading: 'Offset to the rig over time',
  offsetCaption: (t) =>
    `Corrected delta of each camera to the median camera, per sample. Shaded: the per-sample interval (delta ± uncertainty); lines: the bucket's minimum and maximum; the vertical range is that of the deltas the statistics count. Drag to zoom in time, double-click to reset. Threshold ±${t} (red dashes). Dotted: the run-level estimate; dashed: the strict bound, when the summary has them.`,
  thresholdOffScale: 'the threshold lies outside the plotted range',
  beyondRange: '{n} buckets reach beyond the plotted range (window outliers or a shifted reference: host stalls, see the window chart)',
  histogramHeading: 'Histogram of corrected deltas',
  histogramCaption: (b) => `Samples counted in the corrected statistics (not window outliers, usual median reference); bin width ${b}.`,
  windowHeading: 'Fire/ack window width over time',
  windowCaption:
    'Maximum window per bucket (log scale): host stalls show as spikes. Marked points: buckets containing window outliers (wider than 3× the running median), at the widest outlier.',
  driftHeading: 'Drift',
  driftCaption: "Host offset, mean over groups of samples (those the drift fit uses), and the summary's fitted slope through their mean.",
  slope: 'slope',
  vsRig: 'vs rig',
  driftNone: 'no slope fitted',
  ptpHeading: 'Camera PTP state at start and end',
  start: 'Start',
  end: 'End',
  status: 'status',
  servo: 'servo',
  offsetFromMaster: 'offset from master',
  noPtpView: 'The file has no camera PTP state.',
  errorsHeading: 'Errors by sample',
  errorsCaption: (shown, total) => (shown < total ? `The first ${shown} of ${total} errors are listed; the chart counts all of them.` : `${total} errors.`),
  noErrors: 'No camera failed in any sample.',
  sampleIndex: 'Sample',
  code: 'Code',
  message: 'Message',
  count: 'Count',
  firstSample: 'First sample',
  axisTime: 'time since the first sample (s)',
  axisDelta: 'corrected delta (ns)',
  axisWindow: 'window (ns)',
  axisHostOffset: 'host offset (ns)',
  axisCount: 'samples',
  axisSample: 'sample index',
  seriesMax: 'max',
  seriesMin: 'min',
  seriesHigh: 'interval high',
  seriesLow: 'interval low',
  seriesOutliers: 'outliers',
  seriesMean: 'mean',
  seriesFit: 'fit',
  lineThreshold: 'threshold',
  lineEstimate: 'estimate',
  lineStrict: 'strict bound',
  noData: 'no data',
  generatedBy: 'Generated by ptpcam report',
};

const ja: ReportLabels = {
  htmlLang: 'ja',
  title: 'ptpcam timestat レポート',
  simulatedBanner: 'シミュレーション: 実カメラも ptp4l も使っていません',
  runHeading: '実行',
  hostRole: 'ホストの PTP ロール',
  grandmaster: 'グランドマスター',
  method: '方式',
  backend: 'バックエンド',
  strategy: 'ラッチ方法',
  simulated: 'シミュレーション',
  yes: 'はい',
  no: 'いいえ',
  samples: 'サンプル数',
  cameras: 'カメラ',
  threshold: 'しきい値',
  verdict: '判定',
  verdictReason: '理由',
  measuredVerdict: 'サンプルのみによる判定',
  exitCode: '終了コード',
  endReason: '終了理由',
  timescaleRule: 'ホスト基準',
  ptpWarnings: 'PTP の警告',
  fatalError: '実行を終了させたエラー',
  notesHeading: '注意',
  reduction: (n, b, w) =>
    `描画のため系列を縮約しています: ${n} サンプルを連続 ${w} サンプルずつの ${b} 区間にまとめ、区間ごとの最小値と最大値を残しているので、極値は失われません。件数とヒストグラムは全サンプルから求めています。`,
  noReduction: (n) => `${n} サンプルをすべて描画しています（縮約は不要でした）。`,
  camerasCaption:
    '中央値との差: カメラの補正済みオフセットの平均から全カメラの平均の中央値を引いた値。基準カメラに対する厳密な範囲: ホスト側のタイミングに関係なく成り立つ区間。',
  truncated: (n, bytes) =>
    `ファイルが行の途中で終わっています（書き込み中に強制終了された実行）: 完全な ${n} 行を表示し、末尾の ${bytes} バイトは除外しました。`,
  noSummary: 'サマリー行がありません（実行が完了していません）: ヘッダーと表はサンプル行に含まれる情報だけを表示しています。',
  unversioned: 'この JSON lines にはスキーマバージョンがありません（以前の ptpcam で作成）。バージョン 1 として読みました。',
  severalSummaries: (n) => `サマリー行が ${n} 行あります。最後の行を表示しています。`,
  summaryTableHeading: 'カメラ',
  serial: 'シリアル',
  answered: '応答数',
  runVerdict: '判定',
  estimate: '中央値との差（推定値 ± 範囲）',
  strictBound: '基準カメラに対する厳密な範囲',
  reference: '基準',
  notAvailable: 'なし',
  maxAbsCorrected: '補正済みデルタの最大絶対値',
  windowOutliers: 'ウィンドウ外れ値',
  errors: 'エラー',
  offsetHeading: 'リグに対するオフセットの推移',
  offsetCaption: (t) =>
    `各カメラの中央値カメラに対する補正済みデルタ（サンプルごと）。網掛け: サンプルごとの区間（デルタ ± 不確かさ）、線: 区間内の最小値と最大値。縦軸の範囲は統計に数えたデルタの範囲です。ドラッグで時間方向に拡大、ダブルクリックで元に戻ります。しきい値 ±${t}（赤の破線）。点線: 実行全体の推定値、破線: 厳密な範囲（サマリーにある場合）。`,
  thresholdOffScale: 'しきい値は表示範囲の外にあります',
  beyondRange: '{n} 区間が表示範囲を超えています（ウィンドウ外れ値または基準の移動: ホストの停滞。ウィンドウ幅のグラフを参照）',
  histogramHeading: '補正済みデルタのヒストグラム',
  histogramCaption: (b) => `補正済み統計に数えたサンプル（ウィンドウ外れ値と基準の移動したサンプルを除く）。ビン幅 ${b}。`,
  windowHeading: 'fire/ack ウィンドウ幅の推移',
  windowCaption:
    '区間ごとの最大ウィンドウ（対数目盛）: ホストの停滞はスパイクとして現れます。印: ウィンドウ外れ値（移動中央値の 3 倍超）を含む区間で、最も広い外れ値の位置。',
  driftHeading: 'ドリフト',
  driftCaption: 'ホストオフセット（ドリフト近似に使うサンプルのグループごとの平均）と、その平均を通るサマリーの近似直線。',
  slope: '傾き',
  vsRig: 'リグ比',
  driftNone: '傾きなし',
  ptpHeading: '開始時と終了時のカメラ PTP 状態',
  start: '開始時',
  end: '終了時',
  status: '状態',
  servo: 'サーボ',
  offsetFromMaster: 'マスターとのオフセット',
  noPtpView: 'カメラの PTP 状態は記録されていません。',
  errorsHeading: 'サンプルごとのエラー',
  errorsCaption: (shown, total) => (shown < total ? `全 ${total} 件のうち最初の ${shown} 件を表示しています。グラフはすべてを数えています。` : `${total} 件のエラー。`),
  noErrors: 'どのサンプルでもカメラのエラーはありません。',
  sampleIndex: 'サンプル',
  code: 'コード',
  message: 'メッセージ',
  count: '件数',
  firstSample: '最初のサンプル',
  axisTime: '最初のサンプルからの時間 (s)',
  axisDelta: '補正済みデルタ (ns)',
  axisWindow: 'ウィンドウ (ns)',
  axisHostOffset: 'ホストオフセット (ns)',
  axisCount: 'サンプル数',
  axisSample: 'サンプル番号',
  seriesMax: '最大',
  seriesMin: '最小',
  seriesHigh: '区間上限',
  seriesLow: '区間下限',
  seriesOutliers: '外れ値',
  seriesMean: '平均',
  seriesFit: '近似直線',
  lineThreshold: 'しきい値',
  lineEstimate: '推定値',
  lineStrict: '厳密な範囲',
  noData: 'データなし',
  generatedBy: 'ptpcam report で作成',
};

export function reportLabels(lang: Lang): ReportLabels {
  return lang === 'ja' ? ja : en;
}
