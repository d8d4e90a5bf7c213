package docx

import (
	"fmt"
	"strings"

	"github.com/salkku/salkku/doc"
)

// The series' colours, each 3:1 or more against white. Black labels can
// be read on the light ones (4.5:1); on a dark or hatched bar a label
// has a white patch. A hatched series is drawn as diagonal lines on
// white, told apart by its pattern as well as its colour.
var seriesColours = []struct {
	rgb   string
	light bool
}{{"4F81BD", true}, {"1F4E79", false}, {"C9A227", true}, {"548235", false}}

const emuPerTwip = 635

// chart writes the chart's title as a caption and the chart inline as a
// native Word chart (word/charts/chartN.xml), its Alt as the drawing's
// description.
func (w *body) chart(c doc.Chart, width int) {
	if strings.TrimSpace(c.Title) != "" {
		w.para(pPr{style: "Caption", keepNext: true}, c.Title, "")
	}
	if len(c.Categories) == 0 || len(c.Series) == 0 {
		if strings.TrimSpace(c.Alt) != "" {
			w.para(pPr{}, c.Alt, "")
		}
		return
	}
	w.charts = append(w.charts, chartXML(c, wordLang(w.d.Lang)))
	n := len(w.charts)
	w.drawings++
	cx := int64(width) * emuPerTwip
	// A bar about 1 cm high, and room for the legend.
	cy := int64(len(c.Categories))*380000 + 520000
	cy = min(cy, int64(w.pageH-2*margin-1700)*emuPerTwip)
	name := fmt.Sprintf("Chart %d", n)
	w.open(pPr{})
	fmt.Fprintf(&w.b, `<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="%d" cy="%d"/><wp:effectExtent l="0" t="0" r="0" b="0"/>`, cx, cy)
	fmt.Fprintf(&w.b, `<wp:docPr id="%d" name="%s" descr="%s" title="%s"/>`, w.drawings, name, esc(c.Alt), esc(c.Title))
	w.b.WriteString(`<wp:cNvGraphicFramePr/><a:graphic><a:graphicData uri="` + nsC + `">`)
	fmt.Fprintf(&w.b, `<c:chart r:id="%s"/>`, chartRelID(n))
	w.b.WriteString(`</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`)
	w.close()
}

// column is a spreadsheet column's name: A, B, …, Z, AA, …
func column(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// richText is a chart text of one run, bold and of the colour given
// (LibreOffice takes a custom label's colour from its run, not its txPr).
func richText(s, lang, colour string) string {
	return `<c:rich><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="` + esc(lang) + `" sz="900" b="1"><a:solidFill><a:srgbClr val="` + colour + `"/></a:solidFill></a:rPr><a:t>` + esc(s) + `</a:t></a:r></a:p></c:rich>`
}

func txPr(size int, bold bool, colour string) string {
	b := "0"
	if bold {
		b = "1"
	}
	return fmt.Sprintf(`<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="%d" b="%s"><a:solidFill><a:srgbClr val="%s"/></a:solidFill><a:latin typeface="Calibri"/><a:cs typeface="Calibri"/></a:defRPr></a:pPr><a:endParaRPr lang="en-US"/></a:p></c:txPr>`, size, b, colour)
}

// chartXML is the chart part: a horizontal bar chart of stacked series,
// categories from top to bottom in the document's order, each bar
// labelled with its value as printed, no value axis (the labels and the
// table that follows the chart give the figures).
func chartXML(c doc.Chart, lang string) string {
	var b strings.Builder
	n := len(c.Categories)
	b.WriteString(xmlHeader)
	b.WriteString(`<c:chartSpace xmlns:c="` + nsC + `" xmlns:a="` + nsA + `" xmlns:r="` + nsR + `">`)
	b.WriteString(`<c:date1904 val="0"/><c:lang val="` + esc(lang) + `"/><c:roundedCorners val="0"/>`)
	b.WriteString(`<c:chart><c:autoTitleDeleted val="1"/><c:plotArea><c:layout/>`)
	// A Full chart is 100 % stacked, every bar the whole width, as the
	// budget slide draws it.
	grouping := "stacked"
	if c.Full {
		grouping = "percentStacked"
	}
	b.WriteString(`<c:barChart><c:barDir val="bar"/><c:grouping val="` + grouping + `"/><c:varyColors val="0"/>`)
	last := fmt.Sprintf("%d", n+1)
	for i, s := range c.Series {
		sc := seriesColours[i%len(seriesColours)]
		colour := sc.rgb
		hatch := s.Pattern == "hatch"
		col := column(i + 1)
		fmt.Fprintf(&b, `<c:ser><c:idx val="%d"/><c:order val="%d"/>`, i, i)
		fmt.Fprintf(&b, `<c:tx><c:strRef><c:f>Sheet1!$%s$1</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>%s</c:v></c:pt></c:strCache></c:strRef></c:tx>`, col, esc(s.Name))
		line := `<a:ln w="9525"><a:solidFill><a:srgbClr val="` + colour + `"/></a:solidFill></a:ln>`
		if hatch {
			b.WriteString(`<c:spPr><a:pattFill prst="wdUpDiag"><a:fgClr><a:srgbClr val="` + colour + `"/></a:fgClr><a:bgClr><a:srgbClr val="FFFFFF"/></a:bgClr></a:pattFill>` + line + `</c:spPr>`)
		} else {
			b.WriteString(`<c:spPr><a:solidFill><a:srgbClr val="` + colour + `"/></a:solidFill>` + line + `</c:spPr>`)
		}
		b.WriteString(`<c:invertIfNegative val="0"/>`)
		// Labels: black, on a white patch unless the bar is light.
		lblColour, lblSpPr := "000000", `<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>`
		if hatch || !sc.light {
			lblSpPr = `<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln><a:noFill/></a:ln></c:spPr>`
		}
		lblTx := txPr(900, true, lblColour)
		shows := `<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/>`
		b.WriteString(`<c:dLbls>`)
		for j := range n {
			if j < len(s.Values) && s.Values[j] == 0 {
				// A bar of nothing has no room for its label: the table
				// under the chart says it.
				fmt.Fprintf(&b, `<c:dLbl><c:idx val="%d"/><c:delete val="1"/></c:dLbl>`, j)
				continue
			}
			if j >= len(s.Labels) || strings.TrimSpace(clean(s.Labels[j])) == "" {
				continue
			}
			fmt.Fprintf(&b, `<c:dLbl><c:idx val="%d"/><c:tx>%s</c:tx>%s%s<c:dLblPos val="ctr"/>%s</c:dLbl>`, j, richText(s.Labels[j], lang, lblColour), lblSpPr, lblTx, shows)
		}
		b.WriteString(lblSpPr + lblTx + `<c:dLblPos val="ctr"/>` + shows + `</c:dLbls>`)
		fmt.Fprintf(&b, `<c:cat><c:strRef><c:f>Sheet1!$A$2:$A$%s</c:f><c:strCache><c:ptCount val="%d"/>`, last, n)
		for j, cat := range c.Categories {
			fmt.Fprintf(&b, `<c:pt idx="%d"><c:v>%s</c:v></c:pt>`, j, esc(cat))
		}
		b.WriteString(`</c:strCache></c:strRef></c:cat>`)
		fmt.Fprintf(&b, `<c:val><c:numRef><c:f>Sheet1!$%s$2:$%s$%s</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="%d"/>`, col, col, last, n)
		for j := range n {
			if j < len(s.Values) {
				fmt.Fprintf(&b, `<c:pt idx="%d"><c:v>%d</c:v></c:pt>`, j, s.Values[j])
			}
		}
		b.WriteString(`</c:numCache></c:numRef></c:val></c:ser>`)
	}
	b.WriteString(`<c:gapWidth val="50"/><c:overlap val="100"/><c:axId val="50010001"/><c:axId val="50010002"/></c:barChart>`)
	// Categories from the top down: the axis reversed, the value axis at
	// the bottom (crossing at the last category).
	b.WriteString(`<c:catAx><c:axId val="50010001"/><c:scaling><c:orientation val="maxMin"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>`)
	b.WriteString(`<c:spPr><a:ln w="9525"><a:solidFill><a:srgbClr val="7F7F7F"/></a:solidFill></a:ln></c:spPr>` + txPr(1000, false, "1A1A1A"))
	b.WriteString(`<c:crossAx val="50010002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>`)
	b.WriteString(`<c:valAx><c:axId val="50010002"/><c:scaling><c:orientation val="minMax"/><c:min val="0"/></c:scaling><c:delete val="1"/><c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:crossAx val="50010001"/><c:crosses val="max"/><c:crossBetween val="between"/></c:valAx>`)
	b.WriteString(`<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr></c:plotArea>`)
	b.WriteString(`<c:legend><c:legendPos val="b"/><c:overlay val="0"/>` + txPr(1000, false, "1A1A1A") + `</c:legend>`)
	b.WriteString(`<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>`)
	b.WriteString(`<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>`)
	b.WriteString(`<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1000"><a:latin typeface="Calibri"/></a:defRPr></a:pPr><a:endParaRPr lang="en-US"/></a:p></c:txPr>`)
	b.WriteString(`</c:chartSpace>`)
	return b.String()
}
