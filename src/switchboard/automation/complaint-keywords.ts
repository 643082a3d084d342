/**
 * Words and phrases that usually mean "I want a person" or "I am unhappy", in the seeds'
 * languages (English, Russian, Spanish, Chinese, Portuguese) plus German and French. Matched as
 * whole words after folding (case, width, accents); Chinese by substring. Extend or replace
 * them through `automation.handoff.keywords`.
 */
export const DEFAULT_COMPLAINT_KEYWORDS: readonly string[] = [
  // English
  'complaint', 'complain', 'refund', 'manager', 'human', 'real person', 'operator', 'scam', 'lawyer', 'terrible', 'awful',
  // Russian
  'жалоба', 'претензия', 'возврат', 'верните деньги', 'менеджер', 'оператор', 'живой человек', 'ужасно', 'обман',
  // Spanish
  'queja', 'reclamo', 'reclamación', 'reembolso', 'gerente', 'persona real', 'estafa',
  // Chinese
  '投诉', '退款', '人工', '经理', '骗子',
  // Portuguese
  'reclamação', 'atendente', 'estorno',
  // German, French
  'beschwerde', 'rückerstattung', 'plainte', 'remboursement', 'réclamation',
];
