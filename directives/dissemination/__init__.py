"""The ward's dissemination report (báo cáo kết quả tuyên truyền): what was
published, posted and aired for a directive or a campaign over a period.
`report` collects the figures; `render` writes them as PDF, XLSX and DOCX."""
